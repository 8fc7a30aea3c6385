package org.attendancebridge.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The options of a {@code bench} subcommand, checked before any work starts.
 *
 * @param pupils pupils in the authority ({@code --pupils}), or on each school's roll
 * ({@code --roll})
 * @param schools schools polled at once ({@code bench burst})
 * @param database {@code postgres} or {@code h2}
 * @param threads polls run side by side ({@code bench burst}, per instance)
 * @param instances adapter instances sharing the work ({@code bench burst})
 * @param heap each instance's heap limit, as {@code -Xmx} takes it ({@code bench burst})
 * @param gatewayPerMinute the SMS gateway's requests a minute, the mock's limit and the
 * adapter's ({@code bench burst}; Notify's is 3,000)
 */
record BenchOptions(int pupils, long seed, Path policies, Path out, int schools, String database, int threads,
		int instances, String heap, int gatewayPerMinute) {

	static final int MAX_INSTANCES = 4;

	static final int MAX_PUPILS = 2_000_000;

	static final int MAX_SCHOOLS = 1000;

	/**
	 * @param allowed the options this subcommand takes
	 * @throws IllegalArgumentException naming the option and the problem
	 */
	static BenchOptions parse(List<String> args, int defaultPupils, Set<String> allowed) {
		return parse(args, defaultPupils, 1, allowed);
	}

	/**
	 * @param defaultPupils the authority's size, or each school's roll
	 * @param allowed the options this subcommand takes
	 * @throws IllegalArgumentException naming the option and the problem
	 */
	static BenchOptions parse(List<String> args, int defaultPupils, int defaultSchools, Set<String> allowed) {
		int pupils = defaultPupils;
		long seed = 1;
		Path policies = Path.of(System.getenv().getOrDefault("POLICIES_DIR", "policies"));
		Path out = null;
		int schools = defaultSchools;
		String database = "postgres";
		int threads = 10;
		int instances = 1;
		String heap = "2g";
		int gatewayPerMinute = 3000;
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
				case "--pupils", "--roll" -> pupils = number(option, value, MAX_PUPILS);
				case "--schools" -> schools = number(option, value, MAX_SCHOOLS);
				case "--threads" -> threads = number(option, value, 100);
				case "--instances" -> instances = number(option, value, MAX_INSTANCES);
				case "--heap" -> heap = heap(value);
				case "--gateway-limit" -> gatewayPerMinute = number(option, value, 1_000_000);
				case "--seed" -> seed = seed(value);
				case "--policies" -> policies = Path.of(value);
				case "--database" -> database = database(value);
				default -> out = Path.of(value);
			}
		}
		return new BenchOptions(pupils, seed, policies, out, schools, database, threads, instances, heap,
				gatewayPerMinute);
	}

	private static int number(String option, String value, int max) {
		try {
			int number = Integer.parseInt(value);
			if (number >= 1 && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				option + " must be a whole number from 1 to " + max + ", not '" + value + "'");
	}

	private static String database(String value) {
		if (!value.equals("postgres") && !value.equals("h2")) {
			throw new IllegalArgumentException("--database must be postgres or h2, not '" + value + "'");
		}
		return value;
	}

	private static String heap(String value) {
		if (!value.matches("[1-9][0-9]*[kmgKMG]?")) {
			throw new IllegalArgumentException(
					"--heap must be a size as java -Xmx takes it (2g, 1536m), not '" + value + "'");
		}
		return value;
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
