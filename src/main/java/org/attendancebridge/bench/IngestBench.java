package org.attendancebridge.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.List;

import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.SchoolSpec;
import org.attendancebridge.mock.school.TermCalendar;

/**
 * {@code bench ingest}: a school's whole autumn term, read from the mock Arbor by the
 * school's first poll (the pupils, then the attendance changelog from revision 0, each
 * register the records name) through the real routes into the database, the whole roll
 * replayed through its policy and the actions due written to the outbox. Against it
 * stands the floor: the same requests sent again through the same HTTP client and parsed
 * by the same Jackson, nothing stored. A small school is polled and fetched again first,
 * untimed, so both sides run warm.
 */
final class IngestBench {

	static final String SCHOOL = "ingest";

	static final String WARM_UP = "warm-up";

	static final String POLICY = "st-johns-way";

	private static final List<String> SECONDARY = List.of("7", "8", "9", "10", "11");

	private IngestBench() {
	}

	static SchoolSpec school(String id, int roll) {
		return new SchoolSpec(id, id, POLICY, MisKind.ARBOR, false, roll, SECONDARY, 8).withRoll(roll);
	}

	static void run(BenchOptions options, PrintStream out) {
		long started = System.nanoTime();
		PeakHeap.reset();
		MockMisOptions mockOptions = MockMisOptions.defaults()
			.withJournal(0)
			.withSeed(options.seed())
			.withSchools(List.of(school(WARM_UP, Math.min(options.pupils(), 200)), school(SCHOOL, options.pupils())))
			// The evening of the term's last day: every register of the term is taken.
			.withStart(MockClock.at(TermCalendar.LAST_DAY, LocalTime.of(18, 0)))
			.withSpeed(0);
		MockMis mock = MockMis.start(mockOptions);
		Result result;
		try (BenchDatabase database = BenchDatabase.open(options.database(), System.getenv())) {
			out.println(
					"school: " + SCHOOL + " on the mock Arbor, " + options.pupils() + " pupils, policy st-johns-way");
			out.println("term: " + TermCalendar.FIRST_DAY + " to " + TermCalendar.LAST_DAY + " ("
					+ TermCalendar.schoolDays().size() + " school days), clock at " + TermCalendar.LAST_DAY + " 18:00");
			out.println("database: " + database.description());
			out.println("mock generated in: " + millis(System.nanoTime() - started) + " ms");
			result = measure(mock, database, options, out);
		}
		finally {
			mock.stop();
		}
		out.println("pupils: " + result.report().pupils());
		out.println("marks read: " + result.report().marksRead());
		out.println("marks stored: " + result.report().marksChanged());
		out.println("records rejected: " + result.report().rejected());
		out.println("pupils evaluated: " + result.report().pupilsEvaluated());
		out.println("actions proposed: " + result.report().actionsProposed());
		out.println("requests: " + result.pages());
		out.println("ingest time: " + millis(result.ingest()) + " ms (read, map, store, evaluate, outbox; one poll)");
		out.println("marks/s: " + perSecond(result.report().marksRead(), result.ingest()));
		out.println("floor time: " + millis(result.floor()) + " ms (the same " + result.pages()
				+ " requests fetched and parsed, nothing stored)");
		out.println("floor marks/s: " + perSecond(result.report().marksRead(), result.floor()));
		out.println("peak heap: " + PeakHeap.bytes() / (1024 * 1024) + " MB");
		out.println("wall time: " + millis(System.nanoTime() - started) + " ms");
		out.println("ratio divides: ingest time / floor time");
		out.println("ratio: " + BenchFigures.twoDecimals((double) result.ingest() / Math.max(1, result.floor())));
	}

	private record Result(SyncReport report, long ingest, long floor, int pages) {
	}

	private static Result measure(MockMis mock, BenchDatabase database, BenchOptions options, PrintStream out) {
		long starting = System.nanoTime();
		try (BenchAdapter adapter = BenchAdapter.start(mock, mock.schools(), database, options.policies())) {
			out.println("adapter started in: " + millis(System.nanoTime() - starting) + " ms");
			long warmUp = System.nanoTime();
			SyncReport warm = adapter.poll(WARM_UP, SyncMode.REGISTER);
			adapter.fetchAgain(WARM_UP);
			out.println("warm-up: " + WARM_UP + " (" + warm.pupils() + " pupils, " + warm.marksRead()
					+ " marks) polled and fetched again in " + millis(System.nanoTime() - warmUp) + " ms, untimed");
			SyncReport report;
			long ingest;
			long before = adapter.pages().count();
			try (Progress progress = Progress.every(5, out, "ingest",
					() -> (adapter.pages().count() - before) + " requests sent")) {
				long start = System.nanoTime();
				report = adapter.poll(SCHOOL, SyncMode.REGISTER);
				ingest = System.nanoTime() - start;
			}
			out.println("progress: ingest done in " + millis(ingest) + " ms; fetching the same pages again (floor)");
			long start = System.nanoTime();
			int pages = adapter.fetchAgain(SCHOOL);
			long floor = System.nanoTime() - start;
			return new Result(report, ingest, floor, pages);
		}
	}

	private static long millis(long nanos) {
		return Math.round(nanos / 1e6);
	}

	private static long perSecond(long count, long nanos) {
		return Math.round(count / (nanos / 1e9));
	}

}
