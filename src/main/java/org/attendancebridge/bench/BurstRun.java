package org.attendancebridge.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.mock.MockClock;

/**
 * One morning of {@code bench burst} with a number of adapter instances: a fresh
 * database, the mock and each instance in a JVM of its own, then the setup, the 09:00
 * polls and the 09:30 polls with their first-day texts, and the figures of it all.
 */
final class BurstRun {

	private static final Duration POLLS = Duration.ofMinutes(30);

	/** How long the texts may take to settle, beyond the gateway's own pace. */
	private static final Duration TEXTS = Duration.ofMinutes(10);

	/**
	 * What the run measured.
	 *
	 * @param texts first-day texts the gateway accepted
	 * @param total from when they fell due to the last accepted
	 * @param sentTwice references the gateway accepted more than once
	 */
	record Result(int instances, long texts, Duration total, long sentTwice, int gatewayPerMinute) {

		/** The gateway's limit: the texts at its rate (3,000 a minute). */
		Duration floor() {
			return Duration.ofMillis(this.texts * 60_000 / this.gatewayPerMinute);
		}

		double ratio() {
			return (double) this.total.toNanos() / Math.max(1, floor().toNanos());
		}

		/** First-day texts accepted a minute, from when they fell due. */
		long perMinute() {
			return Math.round(this.texts * 60_000.0 / Math.max(1, this.total.toMillis()));
		}

	}

	private final BenchOptions options;

	private final int instances;

	private final Set<String> firstDayRules;

	private final LocalTime due;

	private final PrintStream out;

	private BurstRun(BenchOptions options, int instances, Set<String> firstDayRules, LocalTime due, PrintStream out) {
		this.options = options;
		this.instances = instances;
		this.firstDayRules = firstDayRules;
		this.due = due;
		this.out = out;
	}

	/**
	 * @param firstDayRules the rules whose texts are timed
	 * @param due when they fall due: the burst's second polls
	 */
	static Result run(BenchOptions options, int instances, Set<String> firstDayRules, LocalTime due, PrintStream out) {
		return new BurstRun(options, instances, firstDayRules, due, out).run();
	}

	private Result run() {
		try (BenchDatabase database = BenchDatabase.open(this.options.database(), System.getenv());
				MockInstance mock = MockInstance.start(this.options);
				Instances adapters = Instances.start(this.instances, this.options, mock.baseUrl(), database)) {
			this.out.println("database: " + database.description());
			this.out.println("mock generated in: " + mock.generationMillis() + " ms (a JVM of its own, -Xmx"
					+ MockInstance.heap(this.options) + ")");
			this.out.println("instances: " + this.instances + " (JVMs of -Xmx" + this.options.heap()
					+ ((this.instances > 1) ? ", clustered" : "") + ", started in " + adapters.startUpMillis()
					+ " ms)");
			BurstStore store = new BurstStore(database);
			List<String> schools = BurstMock.schools(this.options.schools(), this.options.pupils())
				.stream()
				.map((school) -> school.id())
				.toList();
			setup(mock, adapters, store, schools);
			// A policy that texts as soon as the register shows it is timed from 09:00.
			Duration registers = this.due.isAfter(BurstBench.REGISTERS_CLOSED)
					? registersClose(mock, adapters, store, schools) : Duration.ZERO;
			Result result = textsFallDue(mock, adapters, store, schools, registers);
			adapters.each((adapter) -> {
				AdapterInstance.Heap heap = adapter.heap();
				this.out.println("peak heap " + adapter.node() + ": " + heap.peak() / (1024 * 1024) + " MB (of -Xmx"
						+ this.options.heap() + "), " + heap.fullCollections() + " full collections");
			});
			size(store);
			return result;
		}
	}

	private void setup(MockInstance mock, Instances adapters, BurstStore store, List<String> schools) {
		long start = System.nanoTime();
		setClock(mock, adapters, BurstBench.SETUP);
		List<AdapterInstance.SchoolPoll> polls = poll(adapters, schools, "setup");
		awaitTexts(store, "setup");
		this.out.println("setup: " + sum(polls, AdapterInstance.SchoolPoll::marksRead)
				+ " marks of the days before stored and " + store.textsSent() + " texts sent in "
				+ BenchFigures.millis(System.nanoTime() - start) + " ms (untimed)");
	}

	/** 09:00: every school polled at once, its new marks stored and evaluated. */
	private Duration registersClose(MockInstance mock, Instances adapters, BurstStore store, List<String> schools) {
		String at = BurstBench.REGISTERS_CLOSED.toString();
		Instant began = setClock(mock, adapters, BurstBench.REGISTERS_CLOSED);
		List<AdapterInstance.SchoolPoll> polls = poll(adapters, schools, at + " polls");
		long[] pollTimes = polls.stream().mapToLong((p) -> Duration.between(p.began(), p.ended()).toNanos()).toArray();
		long[] storedAt = polls.stream().mapToLong((p) -> Duration.between(began, p.ended()).toNanos()).toArray();
		Duration total = Duration.ofNanos(BenchFigures.percentile(storedAt, 100));
		this.out.println(at + " new marks read: " + sum(polls, AdapterInstance.SchoolPoll::marksRead) + ", stored: "
				+ sum(polls, AdapterInstance.SchoolPoll::marksStored) + ", pupils evaluated: "
				+ sum(polls, AdapterInstance.SchoolPoll::pupilsEvaluated) + ", actions proposed: "
				+ sum(polls, AdapterInstance.SchoolPoll::actionsProposed));
		this.out.println(at + " per-school poll time p50: " + ms(BenchFigures.percentile(pollTimes, 50)) + " ms, p99: "
				+ ms(BenchFigures.percentile(pollTimes, 99)) + " ms, max: "
				+ ms(BenchFigures.percentile(pollTimes, 100)) + " ms");
		this.out.println(at + " per-school stored and evaluated after p50: " + ms(BenchFigures.percentile(storedAt, 50))
				+ " ms, p99: " + ms(BenchFigures.percentile(storedAt, 99)) + " ms; all after " + total.toMillis()
				+ " ms");
		long before = store.textsSent();
		awaitTexts(store, at + " texts");
		long sent = store.textsSent() - before;
		this.out.println(at + " texts of other rules accepted: " + sent);
		return total;
	}

	/**
	 * When the first-day texts fall due: every school polled again, its texts proposed
	 * and sent, timed until the gateway accepted the last.
	 */
	private Result textsFallDue(MockInstance mock, Instances adapters, BurstStore store, List<String> schools,
			Duration registers) {
		String at = this.due.toString();
		Instant dueAt = MockClock.at(BurstBench.DAY, this.due);
		Instant began = setClock(mock, adapters, this.due);
		List<AdapterInstance.SchoolPoll> polls = poll(adapters, schools, at + " polls");
		long[] storedAt = polls.stream().mapToLong((p) -> Duration.between(began, p.ended()).toNanos()).toArray();
		this.out.println(at + " polls: " + sum(polls, AdapterInstance.SchoolPoll::actionsProposed)
				+ " actions proposed; every school polled after " + ms(BenchFigures.percentile(storedAt, 100)) + " ms");
		awaitTexts(store, at + " texts");
		List<MockInstance.Text> journal = mock.journal();
		TextsAccepted texts = TextsAccepted.of(store.texts(), this.firstDayRules, journal, dueAt);
		if (texts.sent() == 0) {
			throw new IllegalStateException("the gateway accepted no first-day text (" + texts.proposed()
					+ " proposed): nothing to time; more schools or a larger roll will have some");
		}
		long[] lastAt = texts.lastBySchool();
		Duration total = texts.total();
		this.out.println(at + " first-day texts: " + texts.proposed() + " proposed, " + texts.sent()
				+ " accepted by the gateway, " + texts.failed()
				+ " FAILED without a send (no contact who may be texted)"
				+ ((texts.unaccounted() == 0) ? "" : ", " + texts.unaccounted() + " neither"));
		if (lastAt.length > 0) {
			this.out.println(at + " per-school last text accepted after p50: " + ms(BenchFigures.percentile(lastAt, 50))
					+ " ms, p99: " + ms(BenchFigures.percentile(lastAt, 99)) + " ms (from " + at + ", " + lastAt.length
					+ " schools)");
		}
		Instant last = dueAt.plus(total);
		this.out.println(at + " last first-day text accepted at: "
				+ last.atZone(MockClock.LONDON).toLocalTime().truncatedTo(ChronoUnit.MILLIS) + " school time");
		String deadline = BurstBench.DEADLINE.toString();
		boolean byDeadline = !last.isAfter(MockClock.at(BurstBench.DAY, BurstBench.DEADLINE));
		this.out.println("every first-day text accepted by " + deadline + ": "
				+ (byDeadline ? "yes" : "no (the policy sends them only when no reason has come by " + at + ")"));
		Duration own = registers.plus(total);
		this.out.println("adapter's time from registers closing to the last text accepted: " + own.toMillis()
				+ " ms (the " + BurstBench.REGISTERS_CLOSED + " polls, then the " + at + " polls and texts): "
				+ (own.compareTo(Duration.between(BurstBench.REGISTERS_CLOSED, this.due)) <= 0 ? "within" : "beyond")
				+ " the " + Duration.between(BurstBench.REGISTERS_CLOSED, this.due).toMinutes() + " minutes to " + at);
		this.out.println("gateway journal: " + journal.size() + " texts, "
				+ journal.stream().map(MockInstance.Text::reference).distinct().count() + " references, sent twice: "
				+ texts.sentTwice());
		this.out.println("sends refused for the gateway's rate limit (429): " + store.rateLimited());
		Result result = new Result(this.instances, texts.sent(), total, texts.sentTwice(),
				this.options.gatewayPerMinute());
		this.out.println("throughput: " + result.perMinute() + " first-day texts a minute from " + at
				+ " (the gateway takes " + this.options.gatewayPerMinute() + ")");
		this.out.println("total: " + total.toMillis() + " ms (from " + at + " to the last first-day text accepted)");
		this.out.println("floor: " + result.floor().toMillis() + " ms (" + texts.sent() + " texts at "
				+ this.options.gatewayPerMinute() + " a minute)");
		return result;
	}

	private void size(BurstStore store) {
		long bytes = store.size();
		long days = Math.max(1, store.markDays());
		int yearDays = SyntheticSchoolYear.days().size();
		double perSchool = (double) bytes / this.options.schools();
		this.out.println("database size: " + mb(bytes) + " MB (the tables with their indexes), " + mb(perSchool)
				+ " MB a school");
		this.out.println("database size per school-year: " + mb(perSchool * yearDays / days) + " MB (a school's share"
				+ " x " + yearDays + " school days / " + days + " days of marks stored)");
	}

	/**
	 * Sets the mock's clock and then each instance's to the mock's, running from then.
	 */
	private Instant setClock(MockInstance mock, Instances adapters, LocalTime time) {
		Instant now = mock.clock(MockClock.at(BurstBench.DAY, time), 1);
		adapters.each((adapter) -> adapter.clock(now, 1));
		return Instant.now();
	}

	/** Every school polled at once, shared between the instances as their triggers. */
	private List<AdapterInstance.SchoolPoll> poll(Instances adapters, List<String> schools, String step) {
		List<List<String>> shares = new ArrayList<>();
		for (int i = 0; i < adapters.size(); i++) {
			shares.add(new ArrayList<>());
		}
		for (int i = 0; i < schools.size(); i++) {
			shares.get(i % adapters.size()).add(schools.get(i));
		}
		for (int i = 0; i < adapters.size(); i++) {
			if (!shares.get(i).isEmpty()) {
				adapters.get(i).poll(SyncMode.REGISTER, shares.get(i));
			}
		}
		List<AdapterInstance.SchoolPoll> polls = new ArrayList<>();
		AtomicLong done = new AtomicLong();
		try (Progress progress = Progress.every(10, this.out, step,
				() -> done.get() + " of " + schools.size() + " schools polled")) {
			for (int i = 0; i < adapters.size(); i++) {
				if (!shares.get(i).isEmpty()) {
					polls.addAll(adapters.get(i).awaitPolls(POLLS, done::incrementAndGet));
				}
			}
		}
		return polls;
	}

	/** Waits until no text waits, is being sent, is to be retried or is in doubt. */
	private void awaitTexts(BurstStore store, String step) {
		AtomicLong left = new AtomicLong(store.textsUnsettled());
		long deadline = System.nanoTime() + TEXTS.toNanos()
				+ Duration.ofMinutes(1).toNanos() * left.get() / this.options.gatewayPerMinute();
		try (Progress progress = Progress.every(10, this.out, step, () -> left.get() + " texts still to settle")) {
			while (left.get() > 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(left.get() + " texts still unsettled (" + step + ")");
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for the texts", ex);
				}
				left.set(store.textsUnsettled());
			}
		}
	}

	private static long sum(List<AdapterInstance.SchoolPoll> polls,
			java.util.function.ToLongFunction<AdapterInstance.SchoolPoll> figure) {
		return polls.stream().mapToLong(figure).sum();
	}

	private static long ms(long nanos) {
		return BenchFigures.millis(nanos);
	}

	private static String mb(double bytes) {
		return BenchFigures.twoDecimals(bytes / (1024 * 1024));
	}

}
