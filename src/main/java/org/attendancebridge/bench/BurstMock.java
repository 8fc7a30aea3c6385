package org.attendancebridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.notify.NotifyConfig;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.mock.school.SchoolSpec;

/**
 * {@code bench burst-mock --schools N --roll R --seed S}: the mock systems of
 * {@code bench burst}, in a JVM of their own so that the adapter's heap is measured
 * alone. The Arbor schools of the burst and the Notify-shaped gateway, whose texts, ages
 * and rolling minute follow the school's clock like everything else in the mock (it
 * checks tokens against the real clock, which the adapter signs them with). It answers
 * {@code ready <base URL> <generation ms>} and serves until its standard input closes.
 */
final class BurstMock {

	/** The gateway template the adapter's texts name: its body is {@code ((body))}. */
	static final String TEMPLATE = "0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f";

	private BurstMock() {
	}

	static List<SchoolSpec> schools(int count, int roll) {
		List<SchoolSpec> specs = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			specs.add(IngestBench.school(String.format("burst-%03d", i), roll));
		}
		return specs;
	}

	static int run(BenchOptions options, InputStream commands, PrintStream out) throws IOException {
		ChildJvm.endWithParent();
		long started = System.nanoTime();
		// The gateway is made before the mock whose clock it reads.
		AtomicReference<Clock> schoolClock = new AtomicReference<>(Clock.systemUTC());
		NotifyMock gateway = new NotifyMock(
				NotifyConfig.of(MockCredentials.NOTIFY_SERVICE_ID, MockCredentials.NOTIFY_SECRET_KEY)
					.withRequestsPerMinute(options.gatewayPerMinute()),
				schoolClock::get, Clock::systemUTC);
		MockMis mock = MockMis.start(MockMisOptions.defaults()
			.withJournal(0)
			.withSeed(options.seed())
			.withSchools(schools(options.schools(), options.pupils()))
			.withStart(MockClock.at(BurstBench.DAY, BurstBench.SETUP))
			.withSpeed(0)
			.with(gateway));
		schoolClock.set(mock.clock());
		try {
			ChildJvm.answer(out, "ready " + mock.baseUrl() + " " + BenchFigures.millis(System.nanoTime() - started));
			BufferedReader lines = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
			while (lines.readLine() != null) {
				// Nothing to do: the bench drives the mock over HTTP. Serve until the
				// end.
			}
		}
		finally {
			mock.stop();
		}
		return 0;
	}

}
