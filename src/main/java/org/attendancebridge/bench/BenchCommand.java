package org.attendancebridge.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.PolicyLoader;

/**
 * {@code bench evaluator|csv|ingest|burst}: runs a benchmark and prints its figures, one
 * a line, the last being {@code ratio: X}. {@code csv} writes the synthetic registers as
 * the CLI's input files for {@code bench/evaluate-vs-awk.sh}.
 */
public final class BenchCommand {

	private static final String USAGE = "usage: bench evaluator [--pupils N] [--seed S] [--policies DIR]"
			+ " | bench csv --out DIR [--pupils N] [--seed S]";

	private BenchCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.isEmpty()) {
			err.println(USAGE);
			return 2;
		}
		List<String> options = args.subList(1, args.size());
		try {
			return switch (args.get(0)) {
				case "evaluator" -> evaluator(options, out);
				case "csv" -> csv(options, out);
				case "ingest", "burst" -> {
					err.println("bench " + args.get(0) + " is not yet available");
					yield 2;
				}
				default -> {
					err.println("unknown benchmark '" + args.get(0) + "'; " + USAGE);
					yield 2;
				}
			};
		}
		catch (IllegalArgumentException | PolicyException ex) {
			err.println("bench " + args.get(0) + ": " + ex.getMessage());
			return 2;
		}
		catch (IOException | UncheckedIOException ex) {
			err.println("bench " + args.get(0) + ": " + ex);
			return 2;
		}
	}

	private static int evaluator(List<String> args, PrintStream out) {
		BenchOptions options = BenchOptions.parse(args, 150_000, Set.of("--pupils", "--seed", "--policies"));
		List<Policy> policies = new ArrayList<>();
		for (String id : EvaluatorBench.POLICIES) {
			Path file = options.policies().resolve(id + ".yaml");
			if (!Files.isRegularFile(file)) {
				throw new IllegalArgumentException("no policy file " + file);
			}
			policies.add(PolicyLoader.loadFile(file));
		}
		EvaluatorBench.run(options.pupils(), options.seed(), policies, out);
		return 0;
	}

	private static int csv(List<String> args, PrintStream out) throws IOException {
		BenchOptions options = BenchOptions.parse(args, 20_000, Set.of("--pupils", "--seed", "--out"));
		if (options.out() == null) {
			throw new IllegalArgumentException("--out DIR is required");
		}
		SyntheticAuthority authority = SyntheticAuthority.generate(options.pupils(), options.seed());
		long marks = RegisterCsv.write(authority, options.seed(), options.out());
		out.println("pupils: " + authority.size());
		out.println("marks: " + marks);
		out.println("first day: " + authority.days().get(0));
		out.println("last day: " + authority.days().get(authority.days().size() - 1));
		return 0;
	}

}
