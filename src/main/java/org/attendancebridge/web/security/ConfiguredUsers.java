package org.attendancebridge.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Turns the configured users into logins, refusing a configuration that is wrong rather
 * than starting with a login nobody meant: a missing or non-bcrypt hash, an unknown role,
 * no schools, and, outside the demo profile, the demo's documented password.
 */
final class ConfiguredUsers {

	private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);

	/** The demo profile's documented password: never accepted outside the demo. */
	static final String DEMO_PASSWORD = "demo";

	private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

	private ConfiguredUsers() {
	}

	static List<UserDetails> of(UserProperties properties, boolean demo, BCryptPasswordEncoder encoder) {
		List<UserDetails> users = new ArrayList<>();
		List<UserProperties.User> configured = properties.users();
		for (int i = 0; i < configured.size(); i++) {
			users.add(user(configured.get(i), "attendance-bridge.users[" + i + "]", demo, encoder));
		}
		if (users.isEmpty()) {
			log.warn("No users configured: nobody can log in to the dashboard or the API "
					+ "(set attendance-bridge.users[0].name, .password-hash, .roles and .schools)");
		}
		return users;
	}

	private static UserDetails user(UserProperties.User user, String where, boolean demo,
			BCryptPasswordEncoder encoder) {
		if (user.name() == null || user.name().isBlank()) {
			throw new IllegalStateException(where + ".name: missing");
		}
		String what = where + " (" + user.name() + ")";
		String hash = (user.passwordHash() == null) ? "" : user.passwordHash().replaceFirst("^\\{bcrypt\\}", "");
		if (!BCRYPT.matcher(hash).matches()) {
			throw new IllegalStateException(what + ".password-hash: not a bcrypt hash (a plain password is never "
					+ "accepted; make one with e.g. htpasswd -nbBC 10 '' PASSWORD)");
		}
		if (!demo && encoder.matches(DEMO_PASSWORD, hash)) {
			throw new IllegalStateException(what + ".password-hash: the demo password is configured outside the "
					+ "demo profile; give this user a password of their own");
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (user.roles().isEmpty()) {
			throw new IllegalStateException(what + ".roles: missing (one or more of " + List.of(Role.values()) + ")");
		}
		for (String role : user.roles()) {
			try {
				authorities.add(new SimpleGrantedAuthority(Role.valueOf(role.trim()).authority()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						what + ".roles: unknown role '" + role + "' (roles: " + List.of(Role.values()) + ")");
			}
		}
		if (user.schools().isEmpty()) {
			throw new IllegalStateException(what + ".schools: missing (school ids, or all)");
		}
		user.schools().forEach((school) -> authorities.add(SchoolScope.authority(school.trim())));
		return User.withUsername(user.name()).password(hash).authorities(authorities).build();
	}

}
