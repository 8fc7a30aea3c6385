package org.attendancebridge.web.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a machine's API token: its role and schools as authorities,
 * like a person's, plus {@link #MACHINE} so rules can tell a machine from a person.
 * Before it is checked it carries the presented token as its credentials and is named
 * {@code an API token}, so no log line or event can print the token.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

	/** The authority every token has and no person has. */
	public static final String MACHINE = "AUTH:API_TOKEN";

	static final String PRINCIPAL_PREFIX = "token:";

	private final String principal;

	private String secret;

	private final ApiToken token;

	private ApiTokenAuthentication(String secret) {
		super(List.of());
		this.principal = "an API token";
		this.secret = secret;
		this.token = null;
	}

	private ApiTokenAuthentication(ApiToken token) {
		super(authorities(token));
		this.principal = token.principal();
		this.secret = null;
		this.token = token;
		setAuthenticated(true);
	}

	/** The token a request presented, not yet checked. */
	static ApiTokenAuthentication presented(String secret) {
		return new ApiTokenAuthentication(secret);
	}

	static ApiTokenAuthentication of(ApiToken token) {
		return new ApiTokenAuthentication(token);
	}

	private static List<GrantedAuthority> authorities(ApiToken token) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(token.role().authority()));
		token.schools().forEach((school) -> authorities.add(SchoolScope.authority(school)));
		authorities.add(new SimpleGrantedAuthority(MACHINE));
		return authorities;
	}

	@Override
	public Object getCredentials() {
		return this.secret;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	/** The token, once checked; null before. */
	public ApiToken token() {
		return this.token;
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.secret = null;
	}

}
