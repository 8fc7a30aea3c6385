package org.attendancebridge.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.attendancebridge.bench.BenchCommand;
import org.attendancebridge.mock.MockMisCommand;

/** Dispatches the jar's subcommands. Each returns its exit status: 0 ok, 2 bad input. */
public final class Cli {

	private static final Set<String> COMMANDS = Set.of("evaluate", "simulate", "validate", "bench", "mock-mis");

	private Cli() {
	}

	public static boolean handles(String command) {
		return COMMANDS.contains(command);
	}

	public static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> rest = Arrays.asList(args).subList(1, args.length);
		return switch (args[0]) {
			case "bench" -> BenchCommand.run(rest, out, err);
			case "mock-mis" -> MockMisCommand.run(rest, out, err);
			default -> {
				err.println("unknown command '" + args[0] + "'");
				yield 2;
			}
		};
	}

}
