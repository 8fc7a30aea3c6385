package org.attendancebridge;

import org.attendancebridge.cli.Cli;
import org.attendancebridge.demo.DemoMock;
import org.springframework.boot.SpringApplication;

/**
 * The jar's entry point. A known subcommand ({@code evaluate}, {@code simulate},
 * {@code validate}, {@code bench}, {@code mock-mis}) runs on its own without starting
 * Spring, so the CLI starts fast; anything else starts the adapter, in the demo profile
 * unless a profile is chosen.
 */
public final class AttendanceBridge {

	private AttendanceBridge() {
	}

	public static void main(String[] args) {
		if (args.length > 0 && Cli.handles(args[0])) {
			int status = Cli.run(args, System.out, System.err);
			System.out.flush();
			System.exit(status);
		}
		SpringApplication adapter = new SpringApplication(AdapterApplication.class);
		if (!profileChosen(args)) {
			// With no profile chosen, the adapter runs the demo against its embedded mock
			// MIS, started first so that the demo connector files find it.
			adapter.setAdditionalProfiles("demo");
			DemoMock.running();
		}
		adapter.run(args);
	}

	static boolean profileChosen(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--spring.profiles.active")) {
				return true;
			}
		}
		return System.getProperty("spring.profiles.active") != null || System.getenv("SPRING_PROFILES_ACTIVE") != null;
	}

}
