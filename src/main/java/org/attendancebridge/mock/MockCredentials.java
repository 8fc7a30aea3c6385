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

	/**
	 * The demo Notify service: its id and the secret half of its API key (UUID-shaped).
	 */
	public static final String NOTIFY_SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506";

	public static final String NOTIFY_SECRET_KEY = "3d844edf-8d35-48ac-975b-e847b4f122b0";

	public static final String CPOMS_TOKEN = "cpoms-mock-token";

	private MockCredentials() {
	}

}
