package org.attendancebridge.bench;

import java.util.Arrays;
import java.util.Locale;

/** How the benchmarks print their figures. */
final class BenchFigures {

	private BenchFigures() {
	}

	static String twoDecimals(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static long millis(long nanos) {
		return Math.round(nanos / 1e6);
	}

	/** The nearest-rank percentile of some durations, in the same unit. */
	static long percentile(long[] values, double percent) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}
