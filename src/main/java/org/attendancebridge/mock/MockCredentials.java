package org.attendancebridge.mock;

/**
 * The credentials every simulated school accepts. They are test values, documented in
 * {@code mock-mis/README.md}; a real connection's secrets never look like these.
 */
public final class MockCredentials {

	public static final String ARBOR_USER = "attendance-bridge";

	public static final String ARBOR_PASSWORD = "arbor-mock-password";

	public static final String WONDE_TOKEN = "wonde-mock-token";

	public static final String SIMS_CLIENT_ID = "attendance-bridge";

	public static final String SIMS_CLIENT_SECRET = "sims-mock-secret";

	public static final String SIMS_SUBSCRIPTION_KEY = "sims-mock-subscription-key";

	public static final String CLASS_CHARTS_EMAIL = "attendance-bridge@example.com";

	public static final String CLASS_CHARTS_PASSWORD = "classcharts-mock-password";

	private MockCredentials() {
	}

}
