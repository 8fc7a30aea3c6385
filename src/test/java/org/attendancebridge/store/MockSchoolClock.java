package org.attendancebridge.store;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * A test adapter's clock: the simulated clock of the mock MIS the test points it at
 * ({@code MOCK_MIS_URL}), so the school's time moves only when the test moves it. Mocks
 * started through {@link #start} are found by their address.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MockSchoolClock {

	private static final Map<String, MockMis> STARTED = new ConcurrentHashMap<>();

	/** Starts a mock MIS whose clock a test context with this configuration takes. */
	public static MockMis start(MockMisOptions options) {
		MockMis mock = MockMis.start(options);
		STARTED.put(mock.baseUrl(), mock);
		return mock;
	}

	@Bean
	@Primary
	Clock schoolClock(Environment environment) {
		String url = environment.getRequiredProperty("MOCK_MIS_URL");
		MockMis mock = STARTED.get(url);
		if (mock == null) {
			throw new IllegalStateException("no mock MIS was started through MockSchoolClock.start at " + url);
		}
		return mock.clock();
	}

}
