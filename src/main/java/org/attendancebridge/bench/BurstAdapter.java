package org.attendancebridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockCredentials;

/**
 * {@code bench burst-adapter --mock URL --node NAME --threads T --policies DIR
 * [--cluster true]}: one instance of the adapter for {@code bench burst}, in a JVM of its
 * own (the database from {@code SPRING_DATASOURCE_*}), on the schools the mock serves.
 * Dispatch is on: texts go to the mock's gateway, at most 8 at once; every other kind is
 * a dry run (proposed, never sent). Its clock is a school clock the bench sets. It
 * answers {@code ready <start-up ms>}, then takes commands a line each:
 * <ul>
 * <li>{@code clock <instant> <speed>}: sets its clock; {@code ok}</li>
 * <li>{@code poll <mode> <school>...}: polls them through their sync routes on
 * {@code --threads} threads, as Quartz would; {@code polled <school> <began> <ended>
 * <marks read> <marks stored> <pupils evaluated> <actions proposed>} (microseconds since
 * the epoch) or {@code failed <school> <why>} for each, then {@code done}</li>
 * <li>{@code heap}: {@code heap <bytes> <count>}, the peak since it started and the full
 * collections</li>
 * </ul>
 * and ends when its standard input closes.
 */
final class BurstAdapter {

	/** The texts' connector settings: only texts go out; the breaker never halts one. */
	private static final String DISPATCH = String.join("\n", "dispatch:", "  schoolPhone: \"01632 960 100\"",
			"  dryRunKinds: [mis-note, mark-amend, staff-alert, letter, task, cpoms-concern, la-referral]",
			"  smsBreakerShare: 1", "");

	/** Texts this instance sends at once. */
	static final int SMS_SENDERS = 8;

	private BurstAdapter() {
	}

	static int run(BenchOptions options, String mock, String node, boolean cluster, InputStream commands,
			PrintStream out) throws IOException {
		PeakHeap.reset();
		long started = System.nanoTime();
		List<BenchAdapter.School> schools = schools(mock);
		MockClock clock = new MockClock(MockClock.at(BurstBench.DAY, BurstBench.SETUP), 0);
		List<String> settings = List
			.of("--attendance-bridge.dispatch.enabled=true", "--attendance-bridge.dispatch.node=" + node,
					"--attendance-bridge.dispatch.concurrency-by-kind.sms=" + SMS_SENDERS,
					"--attendance-bridge.sms.requests-per-minute=" + options.gatewayPerMinute(),
					"--attendance-bridge.cluster.enabled=" + cluster,
					"--spring.datasource.hikari.maximum-pool-size=" + (options.threads() + SMS_SENDERS + 4),
					"--NOTIFY_API_KEY=bench-" + MockCredentials.NOTIFY_SERVICE_ID + "-"
							+ MockCredentials.NOTIFY_SECRET_KEY,
					"--NOTIFY_BASE_URL=" + mock + "/notify", "--NOTIFY_TEMPLATE_ID=" + BurstMock.TEMPLATE,
					"--NOTIFY_ALLOW_PRIVATE_NETWORK=true");
		try (BenchAdapter adapter = BenchAdapter.start(clock, schools, DISPATCH, options.policies(), settings)) {
			ChildJvm.answer(out, "ready " + BenchFigures.millis(System.nanoTime() - started));
			ExecutorService pool = Executors.newFixedThreadPool(options.threads());
			try {
				BufferedReader lines = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					String[] words = line.trim().split(" ");
					switch (words[0]) {
						case "clock" -> {
							clock.set(Instant.parse(words[1]), Double.parseDouble(words[2]));
							ChildJvm.answer(out, "ok");
						}
						case "poll" -> poll(adapter, pool, SyncMode.valueOf(words[1]),
								List.of(words).subList(2, words.length), out);
						case "heap" ->
							ChildJvm.answer(out, "heap " + PeakHeap.bytes() + " " + PeakHeap.fullCollections());
						default -> ChildJvm.answer(out, "unknown command " + words[0]);
					}
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
		return 0;
	}

	private static void poll(BenchAdapter adapter, ExecutorService pool, SyncMode mode, List<String> schools,
			PrintStream out) {
		List<Future<?>> polls = new ArrayList<>();
		for (String school : schools) {
			polls.add(pool.submit(() -> {
				long began = micros(Instant.now());
				try {
					SyncReport report = adapter.poll(school, mode);
					ChildJvm.answer(out,
							"polled " + school + " " + began + " " + micros(Instant.now()) + " " + report.marksRead()
									+ " " + report.marksChanged() + " " + report.pupilsEvaluated() + " "
									+ report.actionsProposed());
				}
				catch (RuntimeException ex) {
					ChildJvm.answer(out, "failed " + school + " " + String.valueOf(ex.getMessage()).replace('\n', ' '));
				}
			}));
		}
		for (Future<?> poll : polls) {
			try {
				poll.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// Answered as failed by the poll itself.
			}
		}
		ChildJvm.answer(out, "done");
	}

	static long micros(Instant at) {
		return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
	}

	/** The schools the mock serves, from its admin call. */
	private static List<BenchAdapter.School> schools(String mock) throws IOException {
		HttpResponse<String> answer;
		try {
			answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(mock + "/__mock/schools")).build(),
						HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while asking the mock for its schools", ex);
		}
		List<BenchAdapter.School> schools = new ArrayList<>();
		for (JsonNode school : new ObjectMapper().readTree(answer.body()).path("schools")) {
			schools.add(new BenchAdapter.School(school.path("id").asText(), school.path("baseUrl").asText(),
					school.path("policy").asText()));
		}
		return schools;
	}

}
