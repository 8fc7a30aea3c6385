package org.attendancebridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.connector.SyncMode;

/**
 * The bench's handle on one adapter instance in a JVM of its own ({@link BurstAdapter}):
 * it sets its clock, has it poll schools and asks for its peak heap.
 */
final class AdapterInstance implements AutoCloseable {

	private static final Duration START_UP = Duration.ofMinutes(5);

	private static final Duration ANSWER = Duration.ofMinutes(1);

	/**
	 * One school's poll, as the instance timed it.
	 *
	 * @param began when its poll started, after waiting for a thread
	 * @param ended when its marks were stored and evaluated, the actions due in the
	 * outbox
	 */
	record SchoolPoll(String school, Instant began, Instant ended, long marksRead, long marksStored,
			long pupilsEvaluated, long actionsProposed) {
	}

	private final String node;

	private final ChildJvm jvm;

	private AdapterInstance(String node, ChildJvm jvm) {
		this.node = node;
		this.jvm = jvm;
	}

	/** Starts the instance; {@link #awaitReady()} waits until it has. */
	static AdapterInstance start(String node, BenchOptions options, String mock, BenchDatabase database,
			boolean cluster) {
		List<String> args = List.of("burst-adapter", "--mock", mock, "--node", node, "--cluster",
				Boolean.toString(cluster), "--threads", Integer.toString(options.threads()), "--policies",
				options.policies().toAbsolutePath().toString(), "--gateway-limit",
				Integer.toString(options.gatewayPerMinute()));
		return new AdapterInstance(node, ChildJvm.start(node, options.heap(), args, database.environment()));
	}

	String node() {
		return this.node;
	}

	/**
	 * @return how long the instance took to start, in milliseconds
	 */
	long awaitReady() {
		String ready = this.jvm.await(START_UP);
		if (!ready.startsWith("ready ")) {
			throw new IllegalStateException(this.node + " answered '" + ready + "' instead of starting");
		}
		return Long.parseLong(ready.substring("ready ".length()));
	}

	void clock(Instant now, double speed) {
		expect(this.jvm.ask("clock " + now + " " + speed, ANSWER), "ok");
	}

	/**
	 * Has it poll these schools, as their triggers would; {@link #awaitPolls} reads them.
	 */
	void poll(SyncMode mode, List<String> schools) {
		this.jvm.send("poll " + mode + " " + String.join(" ", schools));
	}

	/**
	 * The polls it was given, each as it ended.
	 * @param each told of every poll as it ends
	 * @throws IllegalStateException naming the school when a poll failed
	 */
	List<SchoolPoll> awaitPolls(Duration timeout, Runnable each) {
		List<SchoolPoll> polls = new ArrayList<>();
		for (String answer = this.jvm.await(timeout); !answer.equals("done"); answer = this.jvm.await(timeout)) {
			String[] words = answer.split(" ", 3);
			if (words[0].equals("failed")) {
				throw new IllegalStateException("the poll of " + words[1] + " on " + this.node + " failed: "
						+ ((words.length > 2) ? words[2] : "no reason given"));
			}
			String[] figures = answer.split(" ");
			polls.add(new SchoolPoll(figures[1], instant(figures[2]), instant(figures[3]), Long.parseLong(figures[4]),
					Long.parseLong(figures[5]), Long.parseLong(figures[6]), Long.parseLong(figures[7])));
			each.run();
		}
		return polls;
	}

	/**
	 * The instance's heap since it started: the peak in use, in bytes, and its full
	 * collections.
	 */
	Heap heap() {
		String heap = this.jvm.ask("heap", ANSWER);
		String[] words = heap.split(" ");
		expect((words.length == 3 && words[0].equals("heap")) ? "heap" : heap, "heap");
		return new Heap(Long.parseLong(words[1]), Long.parseLong(words[2]));
	}

	/** An instance's heap figures. */
	record Heap(long peak, long fullCollections) {
	}

	private void expect(String answer, String expected) {
		if (!answer.equals(expected)) {
			throw new IllegalStateException(this.node + " answered '" + answer + "' instead of '" + expected + "'");
		}
	}

	private static Instant instant(String micros) {
		long value = Long.parseLong(micros);
		return Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1000);
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
