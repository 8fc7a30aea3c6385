package org.attendancebridge.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The options of a {@code bench} subcommand, checked before any work starts. */
record BenchOptions(int pupils, long seed, Path policies, Path out) {

	static final int MAX_PUPILS = 2_000_000;

	/**
	 * @param allowed the options this subcommand takes
	 * @throws IllegalArgumentException naming the option and the problem
	 */
	static BenchOptions parse(List<String> args, int defaultPupils, Set<String> allowed) {
		int pupils = defaultPupils;
		long seed = 1;
		Path policies = Path.of(System.getenv().getOrDefault("POLICIES_DIR", "policies"));
		Path out = null;
		for (int i = 0; i < args.size(); i++) {
			String option = args.get(i);
			if (!allowed.contains(option)) {
				throw new IllegalArgumentException("unknown option '" + option + "'");
			}
			if (i + 1 >= args.size()) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			String value = args.get(++i);
			switch (option) {
				case "--pupils" -> pupils = pupils(value);
				case "--seed" -> seed = seed(value);
				case "--policies" -> policies = Path.of(value);
				default -> out = Path.of(value);
			}
		}
		return new BenchOptions(pupils, seed, policies, out);
	}

	private static int pupils(String value) {
		try {
			int pupils = Integer.parseInt(value);
			if (pupils >= 1 && pupils <= MAX_PUPILS) {
				return pupils;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--pupils must be a whole number from 1 to " + MAX_PUPILS + ", not '" + value + "'");
	}

	private static long seed(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--seed must be a whole number, not '" + value + "'");
		}
	}

}
