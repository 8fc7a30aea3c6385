package org.attendancebridge.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.attendancebridge.bench.BenchCommand;
import org.attendancebridge.mock.MockMisCommand;

/**
 * Dispatches the jar's subcommands. Each returns its exit status: 0 ok, 2 bad input (one
 * line on stderr naming the file, line and problem, and nothing on stdout).
 */
public final class Cli {

	private static final Set<String> COMMANDS = Set.of("evaluate", "simulate", "validate", "verify", "bench",
			"mock-mis", "token");

	private Cli() {
	}

	public static boolean handles(String command) {
		return COMMANDS.contains(command);
	}

	public static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> rest = Arrays.asList(args).subList(1, args.length);
		try {
			return switch (args[0]) {
				case "evaluate" -> EvaluateCommand.run(rest, out);
				case "simulate" -> SimulateCommand.run(rest, out);
				case "validate" -> ValidateCommand.run(rest, out, err);
				case "verify" -> VerifyCommand.run(rest, out, err);
				case "bench" -> BenchCommand.run(rest, out, err);
				case "mock-mis" -> MockMisCommand.run(rest, out, err);
				case "token" -> TokenCommand.run(rest, out, err);
				default -> throw new InputException("unknown command '" + args[0] + "' (commands: "
						+ String.join(", ", COMMANDS.stream().sorted().toList()) + ")");
			};
		}
		catch (InputException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		catch (UncheckedIOException ex) {
			err.println(ex.getMessage() + ": " + ex.getCause().getMessage());
			return 2;
		}
	}

}
