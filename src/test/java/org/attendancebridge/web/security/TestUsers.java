package org.attendancebridge.web.security;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Users for a test context, configured as outside the demo (properties), all with one
 * password; a low bcrypt cost keeps the tests quick, the hash is a real one all the same.
 */
public final class TestUsers {

	public static final String PASSWORD = "correct horse";

	private static final String HASH = new BCryptPasswordEncoder(4).encode(PASSWORD);

	private TestUsers() {
	}

	/**
	 * {@code attendance-bridge.users[index]}: roles and schools (ids or all), each
	 * comma-separated as in the environment.
	 */
	public static void add(DynamicPropertyRegistry registry, int index, String name, String roles, String schools) {
		String prefix = "attendance-bridge.users[" + index + "].";
		registry.add(prefix + "name", () -> name);
		registry.add(prefix + "password-hash", () -> HASH);
		registry.add(prefix + "roles", () -> roles);
		registry.add(prefix + "schools", () -> schools);
	}

}
