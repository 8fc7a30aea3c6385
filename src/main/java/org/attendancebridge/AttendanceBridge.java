package org.attendancebridge;

import org.attendancebridge.cli.Cli;
import org.springframework.boot.SpringApplication;

/**
 * The jar's entry point. A known subcommand ({@code evaluate}, {@code simulate},
 * {@code validate}, {@code bench}, ...) runs on its own without starting Spring, so the
 * CLI starts fast; anything else starts the adapter.
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
		SpringApplication.run(AdapterApplication.class, args);
	}

}
