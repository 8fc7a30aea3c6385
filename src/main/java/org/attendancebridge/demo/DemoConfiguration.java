package org.attendancebridge.demo;

import java.time.Clock;

import org.attendancebridge.connector.Sleeper;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.mail.MockMailServer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The demo profile (the default when no profile is set): the mock MIS (started by the
 * entry point, see {@link DemoMock}) runs inside the adapter with the five demo schools,
 * the SMS gateway, CPOMS and a mail server; the adapter's clock is the mock's simulated
 * school clock, and polls follow that clock (routes/demo.yaml) instead of Quartz's
 * real-time schedules, so a school morning plays out in a minute or two.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoConfiguration {

	@Bean(destroyMethod = "stop")
	public MockMis mockMis() {
		return DemoMock.running();
	}

	/** The simulated school clock: "today" is the mock's school day. */
	@Bean
	@Primary
	public Clock demoClock(MockMis mock) {
		return mock.clock();
	}

	/**
	 * The mock gateway posts its delivery receipts to this adapter every two seconds, as
	 * Notify posts to a service's callback URL; the timer stops with the adapter.
	 */
	@Bean
	public DemoReceipts demoReceipts(MockMis mock, Environment environment) {
		return new DemoReceipts(mock, environment.getProperty("attendance-bridge.sms.callback-token", ""));
	}

	/**
	 * Staff alerts by email go to the mock's mail server, on the port it took: the demo
	 * ignores {@code spring.mail.*}.
	 */
	@Bean
	public JavaMailSenderImpl demoMailSender(MockMis mock) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(mock.system(MockMailServer.class)
			.orElseThrow(() -> new IllegalStateException("the demo's mock has no mail server"))
			.smtpPort());
		return sender;
	}

	/**
	 * Retries wait on the real clock, shortened: the demo should not stall on a fault.
	 */
	@Bean
	public Sleeper demoSleeper() {
		return (duration) -> Thread.sleep(Math.min(duration.toMillis(), 2000));
	}

}
