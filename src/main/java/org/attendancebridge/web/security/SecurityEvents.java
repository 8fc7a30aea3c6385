package org.attendancebridge.web.security;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Records every login, every failed one and every denied request, by a person or an API
 * token, and every token made or revoked: the user or token name and the path only
 * (internal ids at most), never a password, a token or pupil data.
 */
@Component
public class SecurityEvents {

	private static final Logger log = LoggerFactory.getLogger("org.attendancebridge.security");

	@EventListener
	public void succeeded(AuthenticationSuccessEvent event) {
		log.info("Login succeeded: user {}", event.getAuthentication().getName());
	}

	@EventListener
	public void failed(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication() instanceof ApiTokenAuthentication) {
			// The message names the token (never its value) when it is known.
			log.warn("API token refused: {}", event.getException().getMessage());
			return;
		}
		log.warn("Login failed: user {} ({})", event.getAuthentication().getName(),
				event.getException().getClass().getSimpleName());
	}

	@EventListener
	public void denied(AuthorizationDeniedEvent<?> event) {
		Authentication who = event.getAuthentication().get();
		String path = (event.getSource() instanceof HttpServletRequest request) ? request.getRequestURI()
				: String.valueOf(event.getSource().getClass().getSimpleName());
		if (who == null || who instanceof AnonymousAuthenticationToken) {
			log.info("Access denied: not logged in, {}", path);
		}
		else {
			log.warn("Access denied: user {}, {}", who.getName(), path);
		}
	}

	/** An API token was made: its name, role and schools, never the token itself. */
	public static void tokenCreated(ApiToken token) {
		log.info("API token '{}' (id {}) made by {}: role {}, schools {}", token.name(), token.id(), token.createdBy(),
				token.role(), String.join(",", token.schools()));
	}

	/** A person asked for a token with a role they do not hold. */
	public static void roleNotHeld(String user, Role role) {
		log.warn("Access denied: user {} may not make an API token with role {}, a role they do not hold", user, role);
	}

	/**
	 * A state-changing API request with a person's login that a cross-site form could
	 * have sent: neither JSON nor {@code X-Requested-With}.
	 */
	static void crossSiteRefused(String user, String method, String path) {
		log.warn("Access denied: user {}, {} {} without Content-Type: application/json or {}", user, method, path,
				CrossSiteFormGuard.HEADER);
	}

	public static void tokenRevoked(ApiToken token, String by) {
		log.warn("API token '{}' (id {}) revoked by {}", token.name(), token.id(), by);
	}

	/**
	 * A user asked for a school outside their scope (answered as if it did not exist).
	 */
	public static void outOfScope(SchoolScope scope, String school) {
		log.warn("Access denied: user {}, school {} is outside their schools", scope.user(), school);
	}

}
