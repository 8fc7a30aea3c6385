package org.attendancebridge.web.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people who may log in, from the environment or properties
 * ({@code attendance-bridge.users[0].name}, {@code .password-hash} (bcrypt),
 * {@code .roles}, {@code .schools}: school ids or {@code all}). There are no default
 * users; the demo profile configures its documented ones.
 */
@ConfigurationProperties("attendance-bridge")
public record UserProperties(List<User> users) {

	public UserProperties {
		users = (users == null) ? List.of() : List.copyOf(users);
	}

	/** One person's login. */
	public record User(String name, String passwordHash, List<String> roles, List<String> schools) {

		public User {
			roles = (roles == null) ? List.of() : List.copyOf(roles);
			schools = (schools == null) ? List.of() : List.copyOf(schools);
		}

	}

}
