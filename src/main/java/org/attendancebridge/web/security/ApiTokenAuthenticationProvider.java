package org.attendancebridge.web.security;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Checks a presented API token against the stored hashes: an unknown token is refused as
 * bad credentials, a revoked one as disabled (naming the token, never its value), a good
 * one becomes its role and schools.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

	private final ApiTokenStore tokens;

	ApiTokenAuthenticationProvider(ApiTokenStore tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String secret = (String) authentication.getCredentials();
		Optional<ApiToken> found = (secret == null || secret.isBlank()) ? Optional.empty()
				: this.tokens.findByToken(secret);
		if (found.isEmpty()) {
			throw new BadCredentialsException("an unknown API token");
		}
		ApiToken token = found.get();
		if (token.revoked()) {
			throw new DisabledException("API token '" + token.name() + "' (id " + token.id() + "), revoked at "
					+ token.revokedAt() + " by " + token.revokedBy());
		}
		this.tokens.used(token);
		return ApiTokenAuthentication.of(token);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiTokenAuthentication.class.isAssignableFrom(authentication);
	}

}
