package org.attendancebridge.web.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a person's cached login from being spent by another site. A browser that has
 * answered the API's HTTP Basic challenge sends those credentials again by itself, so a
 * page elsewhere could post a form to, say, {@code /api/actions/42/approve} in the
 * person's name; CSRF tokens are off on the stateless API. A form can send neither JSON
 * nor a header of its own (either makes the browser ask the adapter first, and the
 * adapter allows no other origin), so a state-changing request from a person must carry
 * {@code Content-Type: application/json} or {@code X-Requested-With}; without, it is a
 * 403 saying what to send. API tokens are exempt: a browser never sends a bearer token by
 * itself. Runs after authorisation, so a request without credentials still gets its 401
 * and a role without the right its 403.
 */
public final class CrossSiteFormGuard extends OncePerRequestFilter {

	public static final String HEADER = "X-Requested-With";

	private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication who = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (SAFE.contains(request.getMethod()) || !byPerson(who) || json(request.getContentType())
				|| hasText(request.getHeader(HEADER))) {
			chain.doFilter(request, response);
			return;
		}
		SecurityEvents.crossSiteRefused(who.getName(), request.getMethod(), request.getRequestURI());
		SecurityConfiguration.json(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
				"a " + request.getMethod() + " to " + request.getRequestURI()
						+ " with a login needs Content-Type: application/json or the header " + HEADER
						+ " (any value, e.g. " + HEADER + ": XMLHttpRequest), which a form on another site cannot "
						+ "send; an API token (Authorization: Bearer) needs neither");
	}

	private static boolean byPerson(Authentication who) {
		return who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)
				&& !(who instanceof ApiTokenAuthentication);
	}

	/** application/json, or any application/*+json. */
	private static boolean json(String contentType) {
		if (!hasText(contentType)) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.getType().equals("application")
					&& (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
