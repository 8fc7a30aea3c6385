package org.attendancebridge.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import org.attendancebridge.policy.Policy;

/**
 * {@code bench evaluator}: a synthetic authority's year through two seed policies, timed
 * against the floor pass over the same registers. Both run on one thread and are warmed
 * up the same way; beside each policy the floor makes one pass, so the ratio compares the
 * same number of passes over the same marks.
 */
final class EvaluatorBench {

	static final List<String> POLICIES = List.of("graduated-response", "st-johns-way");

	private static final int WARM_UP_ROUNDS = 3;

	private static final int WARM_UP_PUPILS = 10_000;

	private EvaluatorBench() {
	}

	static void run(int size, long seed, List<Policy> policies, PrintStream out) {
		long started = System.nanoTime();
		PeakHeap.reset();
		SyntheticAuthority authority = SyntheticAuthority.generate(size, seed);
		long generated = System.nanoTime();
		long marks = authority.marks();
		out.println("pupils: " + size);
		out.println("school days: " + authority.days().size() + " (" + authority.days().get(0) + " to "
				+ authority.days().get(authority.days().size() - 1) + ")");
		out.println("marks: " + marks);
		out.println("generation time: " + millis(generated - started) + " ms");

		int warmUp = Math.min(size, WARM_UP_PUPILS);
		for (int round = 0; round < WARM_UP_ROUNDS; round++) {
			for (Policy policy : policies) {
				FloorPass.run(authority, warmUp);
				PolicyReplay.run(policy, authority, warmUp);
			}
		}
		out.println(
				"warm-up: " + WARM_UP_ROUNDS + " rounds over " + warmUp + " pupils, floor pass and evaluator alike");

		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long floorNanos = 0;
		long evaluationNanos = 0;
		long floorCpu = 0;
		long evaluationCpu = 0;
		FloorPass.Sums sums = null;
		StringBuilder perPolicy = new StringBuilder();
		long decisions = 0;
		for (Policy policy : policies) {
			long floorCpuStart = threads.getCurrentThreadCpuTime();
			long floorStart = System.nanoTime();
			sums = FloorPass.run(authority, size);
			floorNanos += System.nanoTime() - floorStart;
			floorCpu += threads.getCurrentThreadCpuTime() - floorCpuStart;
			long cpuStart = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			PolicyReplay.Outcome outcome = PolicyReplay.run(policy, authority, size);
			long time = System.nanoTime() - start;
			evaluationCpu += threads.getCurrentThreadCpuTime() - cpuStart;
			evaluationNanos += time;
			decisions += outcome.decisions();
			perPolicy.append("evaluation time ").append(policy.id()).append(": ").append(millis(time)).append(" ms\n");
			perPolicy.append("decisions ")
				.append(policy.id())
				.append(": ")
				.append(outcome.decisions())
				.append(" (")
				.append(outcome.actions())
				.append(" actions)\n");
			perPolicy.append("stages ").append(policy.id()).append(" at year end: ").append(stages(policy, outcome));
			perPolicy.append('\n');
		}
		out.println(String.format(Locale.ROOT, "pupils at 95%% or more: %.1f%%", sums.share((pct) -> pct >= 95)));
		out.println(String.format(Locale.ROOT, "pupils persistently absent (90%% or less): %.1f%%",
				sums.share((pct) -> pct <= 90)));
		out.println(String.format(Locale.ROOT, "pupils severely absent (below 50%%): %.1f%%",
				sums.share((pct) -> pct < 50)));
		out.println("floor pass time: " + millis(floorNanos) + " ms (" + policies.size()
				+ " passes, one beside each policy, one thread)");
		out.print(perPolicy);
		out.println("evaluation time total: " + millis(evaluationNanos) + " ms (" + policies.size()
				+ " policies, one thread)");
		double seconds = evaluationNanos / 1e9;
		out.println(
				"marks/s: " + Math.round(marks * policies.size() / seconds) + " (marks x policies / evaluation time)");
		out.println("decisions: " + decisions);
		out.println("peak heap: " + PeakHeap.bytes() / (1024 * 1024) + " MB");
		out.println("wall time: " + millis(System.nanoTime() - started) + " ms");
		// On a shared machine the thread's own CPU time says how much the timings above
		// were stretched by other work; it leaves out the collector's threads.
		out.println("cpu time of this thread: floor pass " + millis(floorCpu) + " ms, evaluation "
				+ millis(evaluationCpu)
				+ String.format(Locale.ROOT, " ms, ratio %.2f", (double) evaluationCpu / Math.max(1, floorCpu)));
		out.println("ratio divides: evaluation time total / floor pass time (each " + policies.size()
				+ " passes over the same " + marks + " marks in memory)");
		out.println(String.format(Locale.ROOT, "ratio: %.2f", (double) evaluationNanos / Math.max(1, floorNanos)));
	}

	private static String stages(Policy policy, PolicyReplay.Outcome outcome) {
		StringBuilder text = new StringBuilder();
		int[] stages = outcome.stages();
		if (stages[0] > 0) {
			text.append("none ").append(stages[0]);
		}
		for (int r = 0; r < policy.levels().size(); r++) {
			if (!text.isEmpty()) {
				text.append(", ");
			}
			text.append(policy.levels().get(r).id()).append(' ').append(stages[r + 1]);
		}
		return text.toString();
	}

	private static long millis(long nanos) {
		return Math.round(nanos / 1e6);
	}

}
