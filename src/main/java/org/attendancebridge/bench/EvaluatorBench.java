package org.attendancebridge.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.attendancebridge.policy.Policy;

/**
 * {@code bench evaluator}: a synthetic authority's year through two seed policies, timed
 * against the floor pass over the same registers. Both run on one thread and are warmed
 * up the same way; beside each policy the floor makes one pass, so the ratio compares the
 * same number of passes over the same marks. No {@code System.gc()} between the timings:
 * it makes the collector shrink the heap, and the evaluator, which allocates its
 * decisions, would pay for growing it again.
 */
final class EvaluatorBench {

	static final List<String> POLICIES = List.of("graduated-response", "st-johns-way");

	private static final int WARM_UP_ROUNDS = 3;

	private static final int WARM_UP_PUPILS = 10_000;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private EvaluatorBench() {
	}

	static void run(int size, long seed, List<Policy> policies, PrintStream out) {
		long started = System.nanoTime();
		PeakHeap.reset();
		SyntheticAuthority authority = SyntheticAuthority.generate(size, seed);
		long generation = System.nanoTime() - started;
		long marks = authority.marks();
		List<String> days = authority.days().stream().map(Object::toString).toList();
		out.println("pupils: " + size);
		out.println("school days: " + days.size() + " (" + days.get(0) + " to " + days.get(days.size() - 1) + ")");
		out.println("marks: " + marks);
		out.println("generation time: " + millis(generation) + " ms");

		int warmUp = Math.min(size, WARM_UP_PUPILS);
		for (int round = 0; round < WARM_UP_ROUNDS; round++) {
			for (Policy policy : policies) {
				FloorPass.run(authority, warmUp);
				PolicyReplay.run(policy, authority, warmUp);
			}
		}
		out.println(
				"warm-up: " + WARM_UP_ROUNDS + " rounds over " + warmUp + " pupils, floor pass and evaluator alike");

		List<Timed<FloorPass.Sums>> floors = new ArrayList<>();
		List<Timed<PolicyReplay.Outcome>> replays = new ArrayList<>();
		for (Policy policy : policies) {
			floors.add(Timed.of(() -> FloorPass.run(authority, size)));
			replays.add(Timed.of(() -> PolicyReplay.run(policy, authority, size)));
		}
		report(out, policies, marks, floors, replays);
		out.println("peak heap: " + PeakHeap.bytes() / (1024 * 1024) + " MB");
		out.println("wall time: " + millis(System.nanoTime() - started) + " ms");
		long floorCpu = floors.stream().mapToLong(Timed::cpuNanos).sum();
		long evaluationCpu = replays.stream().mapToLong(Timed::cpuNanos).sum();
		// On a shared machine the thread's own CPU time says how much the timings above
		// were stretched by other work; it leaves out the collector's threads.
		out.println("cpu time of this thread: floor pass " + millis(floorCpu) + " ms, evaluation "
				+ millis(evaluationCpu) + " ms, ratio " + twoDecimals((double) evaluationCpu / Math.max(1, floorCpu)));
		long floor = floors.stream().mapToLong(Timed::nanos).sum();
		long evaluation = replays.stream().mapToLong(Timed::nanos).sum();
		out.println("ratio divides: evaluation time total / floor pass time (each " + policies.size()
				+ " passes over the same " + marks + " marks in memory)");
		out.println("ratio: " + twoDecimals((double) evaluation / Math.max(1, floor)));
	}

	private static void report(PrintStream out, List<Policy> policies, long marks, List<Timed<FloorPass.Sums>> floors,
			List<Timed<PolicyReplay.Outcome>> replays) {
		FloorPass.Sums sums = floors.get(0).result();
		out.println("pupils at 95% or more: " + oneDecimal(sums.share((pct) -> pct >= 95)) + "%");
		out.println("pupils persistently absent (90% or less): " + oneDecimal(sums.share((pct) -> pct <= 90)) + "%");
		out.println("pupils severely absent (below 50%): " + oneDecimal(sums.share((pct) -> pct < 50)) + "%");
		long floor = floors.stream().mapToLong(Timed::nanos).sum();
		out.println("floor pass time: " + millis(floor) + " ms (" + floors.size()
				+ " passes, one beside each policy, one thread)");
		long evaluation = 0;
		long decisions = 0;
		for (int i = 0; i < policies.size(); i++) {
			Policy policy = policies.get(i);
			Timed<PolicyReplay.Outcome> replay = replays.get(i);
			PolicyReplay.Outcome outcome = replay.result();
			evaluation += replay.nanos();
			decisions += outcome.decisions();
			out.println("evaluation time " + policy.id() + ": " + millis(replay.nanos()) + " ms");
			out.println(
					"decisions " + policy.id() + ": " + outcome.decisions() + " (" + outcome.actions() + " actions)");
			out.println("stages " + policy.id() + " at year end: " + stages(policy, outcome));
		}
		out.println(
				"evaluation time total: " + millis(evaluation) + " ms (" + policies.size() + " policies, one thread)");
		out.println("marks/s: " + Math.round(marks * policies.size() / (evaluation / 1e9))
				+ " (marks x policies / evaluation time)");
		out.println("decisions: " + decisions);
	}

	/** A result with the wall-clock and thread CPU time it took. */
	private record Timed<T>(T result, long nanos, long cpuNanos) {

		static <T> Timed<T> of(Supplier<T> work) {
			long cpu = THREADS.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			T result = work.get();
			long nanos = System.nanoTime() - start;
			return new Timed<>(result, nanos, THREADS.getCurrentThreadCpuTime() - cpu);
		}

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

	private static String oneDecimal(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String twoDecimals(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
