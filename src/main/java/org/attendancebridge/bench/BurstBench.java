package org.attendancebridge.bench;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.school.SchoolSpec;
import org.attendancebridge.mock.school.SchoolState;

/**
 * {@code bench burst}: the morning burst. Many schools on the mock Arbor, their registers
 * up to the day before already stored (setup, untimed); then the morning registers close
 * (the clock moves to 09:00) and every school is polled at once, as their Quartz triggers
 * would fire, on as many threads as the Quartz pool has (10), each poll reading the
 * changelog, storing the new marks and replaying the whole roll through the policy. The
 * time runs until the last school's poll has committed. The floor: the same requests
 * fetched and parsed again, on as many threads, nothing stored.
 * <p>
 * Each school's timing is kept by stage ({@link SchoolTiming}), so a later stage (texts
 * accepted by the SMS gateway) can be timed from the same start.
 */
final class BurstBench {

	/** The school day of the burst: the Monday after half term. */
	static final LocalDate DAY = LocalDate.of(2024, 11, 11);

	static final LocalTime BEFORE_REGISTERS = LocalTime.of(8, 0);

	static final LocalTime AFTER_AM_REGISTERS = LocalTime.of(9, 0);

	private BurstBench() {
	}

	/**
	 * One school's burst, in nanoseconds from the burst's start.
	 *
	 * @param started when its poll began (after waiting for a thread)
	 * @param stored when its new marks were stored and evaluated, the actions due in the
	 * outbox
	 */
	record SchoolTiming(String school, long started, long stored, SyncReport report) {

		long pollTime() {
			return this.stored - this.started;
		}

	}

	static void run(BenchOptions options, PrintStream out) {
		long started = System.nanoTime();
		PeakHeap.reset();
		List<SchoolSpec> specs = new ArrayList<>();
		for (int i = 1; i <= options.schools(); i++) {
			specs.add(IngestBench.school(String.format("burst-%03d", i), options.pupils()));
		}
		out.println("schools: " + options.schools());
		out.println("roll: " + options.pupils() + " pupils each, policy st-johns-way, on the mock Arbor");
		out.println("day: " + DAY + ", registers stored up to the day before; burst at " + AFTER_AM_REGISTERS);
		out.println("threads: " + options.threads() + " (polls at once, as the Quartz pool runs them)");
		MockMis mock = MockMis.start(MockMisOptions.defaults()
			.withJournal(0)
			.withSeed(options.seed())
			.withSchools(specs)
			.withStart(MockClock.at(DAY, BEFORE_REGISTERS))
			.withSpeed(0));
		out.println("mock generated in: " + BenchFigures.millis(System.nanoTime() - started) + " ms");
		List<SchoolTiming> burst;
		long floor;
		try (BenchDatabase database = BenchDatabase.open(options.database(), System.getenv());
				BenchAdapter adapter = BenchAdapter.start(mock, mock.schools(), database, options.policies())) {
			out.println("database: " + database.description());
			ExecutorService pool = Executors.newFixedThreadPool(options.threads());
			try {
				setup(mock, adapter, pool, out);
				mock.clock().set(MockClock.at(DAY, AFTER_AM_REGISTERS), 0);
				adapter.pages().clear();
				burst = burst(mock, adapter, pool, out);
				long start = System.nanoTime();
				each(pool, mock.schools(), (school) -> adapter.fetchAgain(school.id()));
				floor = System.nanoTime() - start;
			}
			finally {
				pool.shutdownNow();
			}
		}
		finally {
			mock.stop();
		}
		report(burst, floor, started, out);
	}

	private static void setup(MockMis mock, BenchAdapter adapter, ExecutorService pool, PrintStream out) {
		long start = System.nanoTime();
		AtomicInteger done = new AtomicInteger();
		AtomicLong marks = new AtomicLong();
		int schools = mock.schools().size();
		try (Progress progress = Progress.every(10, out, "setup",
				() -> done.get() + " of " + schools + " schools stored, " + marks.get() + " marks")) {
			each(pool, mock.schools(), (school) -> {
				SyncReport report = adapter.poll(school.id(), SyncMode.REGISTER);
				marks.addAndGet(report.marksRead());
				done.incrementAndGet();
				return report.marksRead();
			});
		}
		out.println("setup: " + marks.get() + " marks of the days before stored in "
				+ BenchFigures.millis(System.nanoTime() - start) + " ms (untimed)");
	}

	private static List<SchoolTiming> burst(MockMis mock, BenchAdapter adapter, ExecutorService pool, PrintStream out) {
		AtomicInteger done = new AtomicInteger();
		int schools = mock.schools().size();
		List<Future<SchoolTiming>> polls = new ArrayList<>();
		List<SchoolTiming> timings = new ArrayList<>();
		try (Progress progress = Progress.every(5, out, "burst",
				() -> done.get() + " of " + schools + " schools stored and evaluated")) {
			long start = System.nanoTime();
			for (SchoolState school : mock.schools()) {
				polls.add(pool.submit(() -> {
					long began = System.nanoTime() - start;
					SyncReport report = adapter.poll(school.id(), SyncMode.REGISTER);
					done.incrementAndGet();
					return new SchoolTiming(school.id(), began, System.nanoTime() - start, report);
				}));
			}
			for (Future<SchoolTiming> poll : polls) {
				timings.add(result(poll));
			}
		}
		return timings;
	}

	private static void report(List<SchoolTiming> burst, long floor, long started, PrintStream out) {
		long[] pollTimes = burst.stream().mapToLong(SchoolTiming::pollTime).toArray();
		long[] storedAt = burst.stream().mapToLong(SchoolTiming::stored).toArray();
		long total = burst.stream().mapToLong(SchoolTiming::stored).max().orElse(0);
		out.println("new marks read: " + burst.stream().mapToLong((t) -> t.report().marksRead()).sum());
		out.println("new marks stored: " + burst.stream().mapToLong((t) -> t.report().marksChanged()).sum());
		out.println("pupils evaluated: " + burst.stream().mapToLong((t) -> t.report().pupilsEvaluated()).sum());
		out.println("actions proposed: " + burst.stream().mapToLong((t) -> t.report().actionsProposed()).sum());
		out.println("per-school poll time p50: " + ms(BenchFigures.percentile(pollTimes, 50)) + " ms, p99: "
				+ ms(BenchFigures.percentile(pollTimes, 99)) + " ms, max: "
				+ ms(BenchFigures.percentile(pollTimes, 100)) + " ms");
		out.println("per-school stored and evaluated after p50: " + ms(BenchFigures.percentile(storedAt, 50))
				+ " ms, p99: " + ms(BenchFigures.percentile(storedAt, 99)) + " ms (from the burst's start)");
		out.println("total: " + ms(total) + " ms (until every school's new marks are stored and evaluated)");
		out.println("floor time: " + ms(floor) + " ms (the same requests fetched and parsed, nothing stored)");
		out.println("peak heap: " + PeakHeap.bytes() / (1024 * 1024) + " MB");
		out.println("wall time: " + ms(System.nanoTime() - started) + " ms");
		out.println("ratio divides: total / floor time");
		out.println("ratio: " + BenchFigures.twoDecimals((double) total / Math.max(1, floor)));
	}

	/** Runs the work for every school on the pool and waits for all of it. */
	private static void each(ExecutorService pool, List<SchoolState> schools, ToIntFunction<SchoolState> work) {
		List<Future<Integer>> futures = new ArrayList<>();
		for (SchoolState school : schools) {
			futures.add(pool.submit(() -> work.applyAsInt(school)));
		}
		futures.forEach(BurstBench::result);
	}

	private static <T> T result(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static long ms(long nanos) {
		return BenchFigures.millis(nanos);
	}

}
