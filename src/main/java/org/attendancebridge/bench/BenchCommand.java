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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench evaluator|csv|ingest|burst}: runs a benchmark and prints its figures, one
 * a line, the last being {@code ratio: X}. {@code csv} writes the synthetic registers as
 * the CLI's input files for {@code bench/evaluate-vs-awk.sh}.
 */
public final class BenchCommand {

	private static final String USAGE = "usage: bench evaluator [--pupils N] [--seed S] [--policies DIR]"
			+ " | bench csv --out DIR [--pupils N] [--seed S]"
			+ " | bench ingest [--roll N] [--seed S] [--database postgres|h2] [--policies DIR]"
			+ " | bench burst [--schools N] [--roll N] [--threads N] [--instances N] [--heap SIZE]"
			+ " [--gateway-limit N] [--seed S] [--policies DIR]";

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
				case "ingest" -> ingest(options, out);
				case "burst" -> burst(options, out);
				case "burst-mock" -> BurstMock.run(BenchOptions.parse(options, 1200, 100,
						Set.of("--schools", "--roll", "--seed", "--gateway-limit")), System.in, out);
				case "burst-adapter" -> burstAdapter(options, out);
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
		catch (IllegalStateException ex) {
			// A run that went wrong: a child JVM that failed (its log named), texts that
			// never settled.
			err.println("bench " + args.get(0) + " failed: " + ex.getMessage());
			return 1;
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

	private static int ingest(List<String> args, PrintStream out) {
		BenchOptions options = BenchOptions.parse(args, 2000, Set.of("--roll", "--seed", "--database", "--policies"));
		requirePolicy(options);
		quietLogging();
		IngestBench.run(options, out);
		return 0;
	}

	private static int burst(List<String> args, PrintStream out) {
		BenchOptions options = BenchOptions.parse(args, 1200, 100, Set.of("--schools", "--roll", "--threads",
				"--instances", "--heap", "--gateway-limit", "--seed", "--database", "--policies"));
		if (!options.database().equals("postgres")) {
			throw new IllegalArgumentException("--database must be postgres for burst: its adapters run in JVMs of"
					+ " their own, which share one PostgreSQL");
		}
		requirePolicy(options);
		quietLogging();
		BurstBench.run(options, out);
		return 0;
	}

	/** An instance of the burst's adapter, started by {@code bench burst} itself. */
	private static int burstAdapter(List<String> args, PrintStream out) throws IOException {
		List<String> rest = new ArrayList<>(args);
		String mock = take(rest, "--mock");
		String node = take(rest, "--node");
		boolean cluster = Boolean.parseBoolean(take(rest, "--cluster"));
		BenchOptions options = BenchOptions.parse(rest, 1200, 1, Set.of("--threads", "--policies", "--gateway-limit"));
		quietLogging();
		ChildJvm.endWithParent();
		return BurstAdapter.run(options, mock, node, cluster, System.in, out);
	}

	/** Removes an option and its value from the arguments, and returns the value. */
	private static String take(List<String> args, String option) {
		int at = args.indexOf(option);
		if (at < 0 || at + 1 >= args.size()) {
			throw new IllegalArgumentException(option + " is required");
		}
		String value = args.get(at + 1);
		args.subList(at, at + 2).clear();
		return value;
	}

	private static void requirePolicy(BenchOptions options) {
		Path file = options.policies().resolve(IngestBench.POLICY + ".yaml");
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no policy file " + file);
		}
	}

	/**
	 * Before Spring sets up logging, logback would print the mock's and PostgreSQL's
	 * start-up at DEBUG among the figures: warnings only.
	 */
	private static void quietLogging() {
		if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
		}
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
