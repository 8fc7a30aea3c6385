package org.attendancebridge.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attendancebridge.evaluator.DecisionSink;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.StageEvaluator;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return BenchCommand.run(List.of(args), new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private List<String> outLines() {
		return Arrays.asList(this.out.toString(StandardCharsets.UTF_8).split("\\R"));
	}

	@Test
	void evaluatorPrintsEveryFigureAndEndsWithTheRatio() {
		assertThat(run("evaluator", "--pupils", "2000", "--seed", "7")).isZero();
		List<String> lines = outLines();
		assertThat(lines).first().isEqualTo("pupils: 2000");
		assertThat(lines).anyMatch((line) -> line.equals("marks: 760000"));
		for (String figure : List.of("generation time: ", "floor pass time: ", "evaluation time graduated-response: ",
				"evaluation time st-johns-way: ", "evaluation time total: ", "marks/s: ", "decisions: ", "peak heap: ",
				"wall time: ", "ratio divides: ")) {
			assertThat(lines).as(figure).anyMatch((line) -> line.startsWith(figure));
		}
		long decisions = lines.stream()
			.filter((line) -> line.startsWith("decisions: "))
			.mapToLong((line) -> Long.parseLong(line.substring("decisions: ".length())))
			.findFirst()
			.orElseThrow();
		assertThat(decisions).isPositive();
		assertThat(lines).last().asString().matches("ratio: \\d+\\.\\d\\d");
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void theSameSeedGivesTheSameAuthority() {
		SyntheticAuthority first = SyntheticAuthority.generate(300, 42);
		SyntheticAuthority second = SyntheticAuthority.generate(300, 42);
		for (int p = 0; p < 300; p++) {
			for (int d = 0; d < first.days().size(); d++) {
				assertThat(first.register(p).rawAm(d)).isEqualTo(second.register(p).rawAm(d));
				assertThat(first.register(p).rawPm(d)).isEqualTo(second.register(p).rawPm(d));
			}
		}
		assertThat(first.days()).hasSize(190);
	}

	@Test
	void theFloorPassCountsWhatTheEvaluatorCounts() {
		SyntheticAuthority authority = SyntheticAuthority.generate(500, 3);
		FloorPass.Sums sums = FloorPass.run(authority, 500);
		Policy policy = PolicyLoader.loadFile(Path.of("policies", "graduated-response.yaml"));
		SchoolCalendar calendar = SchoolCalendar.of(authority.days(), policy.settings().yearStart());
		ZoneId london = ZoneId.of("Europe/London");
		Clock endOfYear = Clock.fixed(calendar.day(calendar.size() - 1).atTime(23, 59).atZone(london).toInstant(),
				london);
		StageEvaluator evaluator = new StageEvaluator(policy, calendar, endOfYear);
		for (int p = 0; p < 500; p++) {
			PupilTrack track = evaluator.track(authority.pupils().get(p));
			evaluator.advance(track, authority.register(p), DecisionSink.IGNORE);
			assertThat(track.possibleSessions()).isEqualTo(sums.possible()[p]);
			assertThat(track.stats().present() + track.stats().approvedActivity()).isEqualTo(sums.present()[p]);
		}
	}

	@Test
	void refusesABadPupilCount() {
		assertThat(run("evaluator", "--pupils", "lots")).isEqualTo(2);
		assertThat(this.out.size()).isZero();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--pupils").contains("'lots'");
	}

	@Test
	void refusesAnUnknownOptionAndAnUnknownBenchmark() {
		assertThat(run("evaluator", "--fast")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown option '--fast'");
		assertThat(run("sprint")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown benchmark 'sprint'");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void ingestStoresATermThroughTheRoutesIntoPostgresAndEndsWithTheRatio() {
		assertThat(run("ingest", "--roll", "30")).isZero();
		List<String> lines = outLines();
		assertThat(lines).contains("pupils: 30", "records rejected: 0", "pupils evaluated: 30");
		assertThat(lines).anyMatch((line) -> line.startsWith("database: PostgreSQL 17"));
		long read = figure(lines, "marks read: ");
		// A term of two sessions a day, less the pupils who joined late.
		assertThat(read).isGreaterThan(30 * 70 * 2).isEqualTo(figure(lines, "marks stored: "));
		for (String figure : List.of("ingest time: ", "marks/s: ", "floor time: ", "floor marks/s: ", "requests: ",
				"ratio divides: ")) {
			assertThat(lines).as(figure).anyMatch((line) -> line.startsWith(figure));
		}
		assertThat(lines).last().asString().matches("ratio: \\d+\\.\\d\\d");
	}

	@Test
	void burstTimesTheFirstDayTextsWithOneInstanceThenTwoAndNoTextIsSentTwice() {
		assertThat(
				run("burst", "--schools", "2", "--roll", "100", "--threads", "2", "--instances", "2", "--heap", "768m"))
			.isZero();
		List<String> lines = outLines();
		assertThat(lines).contains("schools: 2", "--- 1 instance", "--- 2 instances");
		assertThat(lines).anyMatch((line) -> line.startsWith("database: PostgreSQL 17"));
		assertThat(lines).anyMatch((line) -> line.startsWith("first-day texts: st-johns-way FIRST_DAY (due 09:30)"));
		// Each run: the morning registers of both schools, one mark a pupil.
		assertThat(lines.stream().filter((line) -> line.startsWith("09:00 new marks read: 200, stored: 200, ")))
			.hasSize(2);
		List<String> texts = lines.stream().filter((line) -> line.startsWith("09:30 first-day texts: ")).toList();
		assertThat(texts).hasSize(2).allSatisfy((line) -> {
			Matcher figures = Pattern
				.compile("09:30 first-day texts: (\\d+) proposed, (\\d+) accepted by the gateway, (\\d+) FAILED .*")
				.matcher(line);
			assertThat(figures.matches()).as(line).isTrue();
			long accepted = Long.parseLong(figures.group(2));
			assertThat(accepted).isPositive();
			assertThat(accepted + Long.parseLong(figures.group(3))).isEqualTo(Long.parseLong(figures.group(1)));
		});
		assertThat(lines.stream()
			.filter((line) -> line.matches("gateway journal: \\d+ texts, \\d+ references, " + "sent twice: 0")))
			.hasSize(2);
		assertThat(lines).anyMatch((line) -> line.startsWith("no text sent twice: yes"));
		for (String figure : List.of("09:00 per-school poll time p50: ",
				"09:30 per-school last text accepted after p50: ", "09:30 last first-day text accepted at: 09:30:",
				"every first-day text accepted by 09:30: ",
				"adapter's time from registers closing to the last text accepted: ", "throughput: ", "total: ",
				"floor: ", "peak heap adapter-1: ", "peak heap adapter-2: ", "database size: ",
				"database size per school-year: ", "throughput with 2 instances: ", "ratio divides: ")) {
			assertThat(lines).as(figure).anyMatch((line) -> line.startsWith(figure));
		}
		assertThat(lines.stream()
			.filter((line) -> line.matches("peak heap adapter-\\d: \\d+ MB \\(of -Xmx768m\\), \\d+ full collections")))
			.hasSize(3);
		assertThat(lines).last().asString().matches("ratio: \\d+\\.\\d\\d");
	}

	@Test
	void burstRefusesAHeapJavaWouldNotTakeAndTooManyInstances() {
		assertThat(run("burst", "--heap", "lots")).isEqualTo(2);
		assertThat(run("burst", "--instances", "5")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--heap must be a size as java -Xmx takes it")
			.contains("--instances must be a whole number from 1 to 4, not '5'");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void burstRefusesH2ForItsAdaptersShareOneDatabase() {
		assertThat(run("burst", "--database", "h2")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--database must be postgres for burst");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void refusesAnUnknownDatabase() {
		assertThat(run("burst", "--database", "oracle")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--database must be postgres or h2");
		assertThat(this.out.size()).isZero();
	}

	private static long figure(List<String> lines, String name) {
		return lines.stream()
			.filter((line) -> line.startsWith(name))
			.mapToLong((line) -> Long.parseLong(line.substring(name.length()).split(" ")[0]))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void refusesAPolicyFolderWithoutTheSeedPolicies(@TempDir Path empty) {
		assertThat(run("evaluator", "--pupils", "10", "--policies", empty.toString())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("graduated-response.yaml");
	}

	@Test
	void csvWritesTheCliInputFiles(@TempDir Path folder) throws Exception {
		assertThat(run("csv", "--pupils", "20", "--out", folder.toString())).isZero();
		List<String> pupils = Files.readAllLines(folder.resolve("pupils.csv"));
		List<String> marks = Files.readAllLines(folder.resolve("marks.csv"));
		assertThat(pupils).first().isEqualTo("pupil_id,upn,year_group,send,pupil_premium,vulnerable,eal,home_language");
		assertThat(pupils).hasSize(21);
		assertThat(marks).first().isEqualTo("pupil_id,date,session,code,minutes_late");
		assertThat(marks).hasSize(1 + 20 * 380);
		assertThat(marks.get(1)).matches("P0000001,2024-09-04,AM,[^,]+,\\d*");
		assertThat(outLines()).contains("marks: 7600", "last day: 2025-07-21");
	}

}
