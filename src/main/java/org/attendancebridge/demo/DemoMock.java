package org.attendancebridge.demo;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;

/**
 * Starts the demo's mock MIS before the adapter, on a free port unless
 * {@code MOCK_MIS_PORT} names one, and points the demo connector files at it through
 * {@code MOCK_MIS_URL} (unless that is already set, to use a mock started elsewhere).
 */
public final class DemoMock {

	private static MockMis running;

	private DemoMock() {
	}

	/** The demo's mock, started on first use. */
	public static synchronized MockMis running() {
		if (running == null) {
			running = start();
		}
		return running;
	}

	private static MockMis start() {
		int port = Integer.parseInt(setting("MOCK_MIS_PORT", "0"));
		double speed = Double.parseDouble(setting("DEMO_SPEED", "60"));
		int roll = Integer.parseInt(setting("DEMO_ROLL", "0"));
		MockMisOptions options = MockMisOptions.defaults().withGateways().withPort(port).withSpeed(speed);
		if (roll > 0) {
			options = options.withRoll(roll);
		}
		MockMis mock;
		try {
			mock = MockMis.start(options);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"the demo's mock MIS cannot start on port " + port + " (in use?): set MOCK_MIS_PORT to another",
					ex);
		}
		if (System.getenv("MOCK_MIS_URL") == null && System.getProperty("MOCK_MIS_URL") == null) {
			System.setProperty("MOCK_MIS_URL", mock.baseUrl());
		}
		return mock;
	}

	private static String setting(String name, String otherwise) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? otherwise : value;
	}

}
