package org.attendancebridge.demo;

import java.time.Clock;

import org.attendancebridge.connector.Sleeper;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * The demo profile (the default when no profile is set): the mock MIS runs inside the
 * adapter with the five demo schools, the adapter's clock is the mock's simulated school
 * clock, and polls follow that clock (routes/demo.yaml) instead of Quartz's real-time
 * schedules, so a school morning plays out in a minute or two.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

	@Bean(destroyMethod = "stop")
	public MockMis mockMis(@Value("${attendance-bridge.demo.mock-port:8089}") int port,
			@Value("${attendance-bridge.demo.speed:60}") double speed,
			@Value("${attendance-bridge.demo.roll:0}") int roll) {
		MockMisOptions options = MockMisOptions.defaults().withPort(port).withSpeed(speed);
		if (roll > 0) {
			options = options.withRoll(roll);
		}
		try {
			MockMis mock = MockMis.start(options);
			log.info("Demo: mock MIS on {}, school clock {} London at {}x", mock.baseUrl(), mock.clock().londonNow(),
					speed);
			return mock;
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("the demo's mock MIS cannot start on port " + port
					+ " (in use?): set MOCK_MIS_PORT and MOCK_MIS_URL=http://127.0.0.1:<port> to move it", ex);
		}
	}

	/** The simulated school clock: "today" is the mock's school day. */
	@Bean
	@Primary
	public Clock demoClock(MockMis mock) {
		return mock.clock();
	}

	/**
	 * Retries wait on the real clock, shortened: the demo should not stall on a fault.
	 */
	@Bean
	public Sleeper demoSleeper() {
		return (duration) -> Thread.sleep(Math.min(duration.toMillis(), 2000));
	}

}
