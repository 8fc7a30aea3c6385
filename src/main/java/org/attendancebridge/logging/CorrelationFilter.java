package org.attendancebridge.logging;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every HTTP request's correlation id: the caller's {@value #HEADER} when it is a plain
 * id (letters, digits and {@code . _ : -}, at most 64), otherwise a new
 * {@code http-<random>}; echoed in the response's {@value #HEADER}. It runs before
 * security, so a denied request's log line carries it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Correlation-Id";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String asked = request.getHeader(HEADER);
		String id = Correlation.acceptable(asked) ? asked
				: "http-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		response.setHeader(HEADER, id);
		try (Correlation.Scope scope = Correlation.open(id)) {
			chain.doFilter(request, response);
		}
	}

}
