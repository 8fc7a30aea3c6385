package org.attendancebridge.mock;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.attendancebridge.mock.admin.AdminSystem;
import org.attendancebridge.mock.school.SchoolState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mock-mis --port P [--seed S] [--speed N] [--start TIME] [--roll N]}: starts the
 * mock MIS alone, prints where each school is served, and runs until stopped.
 */
public final class MockMisCommand {

	static final String USAGE = "usage: mock-mis --port P [--seed S] [--speed N] [--start 2024-11-11T08:40] [--roll N]";

	private MockMisCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		MockMisOptions options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		quietLogging();
		MockMis mock = MockMis.start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			mock.stop();
			stopped.countDown();
		}, "mock-mis-stop"));
		describe(mock, out);
		out.flush();
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

	/**
	 * Without Spring, logback would log Jetty's start-up at DEBUG: keep the console
	 * readable.
	 */
	private static void quietLogging() {
		if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
			context.getLogger("org.attendancebridge").setLevel(ch.qos.logback.classic.Level.INFO);
		}
	}

	static void describe(MockMis mock, PrintStream out) {
		out.println("mock MIS on " + mock.baseUrl() + " (clock " + mock.clock().londonNow() + " London, speed "
				+ mock.clock().speed() + ")");
		for (SchoolState school : mock.schools()) {
			out.printf("  %-11s %-12s %5d pupils  policy %-30s %s%n", school.id(), school.spec().mis().path(),
					school.pupils().size(), school.spec().policy(), mock.baseUrl(school.id()));
		}
		out.println("  SMS gateway (Notify): " + mock.baseUrl() + "/notify  CPOMS: " + mock.baseUrl() + "/cpoms");
		mock.system(org.attendancebridge.mock.mail.MockMailServer.class)
			.ifPresent((mail) -> out.println("  mail server: SMTP on 127.0.0.1:" + mail.smtpPort() + ", messages at "
					+ mock.baseUrl() + "/mail/messages"));
		out.println("  admin: " + mock.baseUrl() + "/__mock/clock, /__mock/faults, /__mock/schools; WireMock: "
				+ mock.baseUrl() + "/__admin");
	}

	static MockMisOptions parse(List<String> args) {
		MockMisOptions options = MockMisOptions.defaults().withGateways();
		boolean port = false;
		for (int i = 0; i < args.size(); i++) {
			String name = args.get(i);
			if (i + 1 >= args.size()) {
				throw new IllegalArgumentException(name + " needs a value");
			}
			String value = args.get(++i);
			try {
				options = switch (name) {
					case "--port" -> {
						port = true;
						int p = Integer.parseInt(value);
						if (p < 0 || p > 65535) {
							throw new IllegalArgumentException("--port must be 0 to 65535");
						}
						yield options.withPort(p);
					}
					case "--seed" -> options.withSeed(Long.parseLong(value));
					case "--speed" -> options.withSpeed(Double.parseDouble(value));
					case "--start" -> options.withStart(parseStart(value));
					case "--roll" -> options.withRoll(Integer.parseInt(value));
					default -> throw new IllegalArgumentException("unknown option " + name);
				};
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
			}
		}
		if (!port) {
			throw new IllegalArgumentException("--port is required (0 picks a free port)");
		}
		if (options.speed() < 0) {
			throw new IllegalArgumentException("--speed must be 0 or more");
		}
		return options;
	}

	private static Instant parseStart(String value) {
		try {
			return AdminSystem.parseTime(value);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("--start " + ex.getMessage());
		}
	}

}
