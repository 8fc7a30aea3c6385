package org.attendancebridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.attendancebridge.evaluator.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code simulate}: every action over a period, then the workload per school week. */
class SimulateCommandTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path folder;

	private SchoolFiles school() {
		// P1 drifts down the ladder in week 5; P2 attends throughout.
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").days(19, "/").then("N N N / /");
		return school.pupil("P2", "9").days(24, "/");
	}

	private static List<Map<String, Object>> lines(String out) throws Exception {
		return out.lines().map((line) -> {
			try {
				return JSON.readValue(line, new TypeReference<Map<String, Object>>() {
				});
			}
			catch (Exception ex) {
				throw new AssertionError("not a JSON line: " + line, ex);
			}
		}).toList();
	}

	@Test
	void listsEveryActionThenAWeeklyWorkloadThatAddsUp() throws Exception {
		SchoolFiles.Run run = school().run("simulate", "st-johns-way.yaml", "--from", "2024-09-02", "--to",
				"2024-10-04");
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		List<Map<String, Object>> lines = lines(run.out());
		List<Map<String, Object>> actions = lines.stream().filter((l) -> l.containsKey("date")).toList();
		List<Map<String, Object>> weeks = lines.stream().filter((l) -> l.containsKey("week")).toList();
		assertThat(lines).hasSize(actions.size() + weeks.size());
		assertThat(weeks).extracting((w) -> w.get("week"))
			.containsExactly("2024-09-02", "2024-09-09", "2024-09-16", "2024-09-23", "2024-09-30");
		// Week 5 (30 Sep): day 20 is the first day of absence, 21 the second, 22 the
		// third.
		assertThat(actions).anySatisfy((a) -> {
			assertThat(a).containsEntry("date", "2024-09-27")
				.containsEntry("rule", "FIRST_DAY")
				.containsEntry("kind", "sms");
		});
		assertThat(actions)
			.anySatisfy((a) -> assertThat(a).containsEntry("rule", "AC2").containsEntry("kind", "letter"));
		assertThat(actions).allSatisfy((a) -> assertThat(a.get("pupil_id")).isEqualTo("P1"));
		for (String column : Workload.COLUMNS.keySet()) {
			String kind = Workload.COLUMNS.get(column).id();
			long listed = actions.stream().filter((a) -> a.get("kind").equals(kind)).count();
			int summed = weeks.stream().mapToInt((w) -> (int) w.get(column)).sum();
			assertThat(summed).as(column).isEqualTo((int) listed);
		}
		assertThat(weeks.get(0).get("texts")).isEqualTo(0);
	}

	@Test
	void onlyActionsInsideThePeriodAreListed() throws Exception {
		SchoolFiles.Run run = school().run("simulate", "st-johns-way.yaml", "--from", "2024-10-01", "--to",
				"2024-10-04");
		List<Map<String, Object>> lines = lines(run.out());
		assertThat(lines.stream().filter((l) -> l.containsKey("date")))
			.allSatisfy((a) -> assertThat((String) a.get("date")).isBetween("2024-10-01", "2024-10-04"))
			.isNotEmpty();
		assertThat(lines.stream().filter((l) -> l.containsKey("week"))).extracting((w) -> w.get("week"))
			.containsExactly("2024-09-30");
	}

	@Test
	void completedMeetingsMoveTheReviewsInTheForecast() throws Exception {
		// Two pupils missing half of every day enter AC5 on 13 September; P1's SAM
		// meeting
		// is held on 17 September, P2's is never recorded.
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9")
			.days(40, "/|I")
			.pupil("P2", "9")
			.days(40, "/|I");
		Path tasks = school.tasksFile("P1,AC5,2024-09-17");
		SchoolFiles.Run run = school.run("simulate", "st-johns-way.yaml", "--from", "2024-09-02", "--to", "2024-10-25",
				"--tasks", tasks.toString());
		assertThat(run.err()).isEmpty();
		List<Map<String, Object>> ac6 = lines(run.out()).stream()
			.filter((l) -> "AC6".equals(l.get("rule")) && "task".equals(l.get("kind")))
			.toList();
		assertThat(ac6).extracting((l) -> l.get("pupil_id") + " " + l.get("date"))
			.containsExactly("P1 2024-10-14", "P2 2024-10-21");
	}

	@Test
	void tableFormatIsAWorkloadAHeadOfYearCanRead() {
		SchoolFiles.Run run = school().run("simulate", "st-johns-way.yaml", "--from", "2024-09-02", "--to",
				"2024-10-04", "--format", "table");
		assertThat(run.status()).isZero();
		List<String> rows = run.out().lines().toList();
		assertThat(rows.get(0)).startsWith("week of").contains("letters", "texts", "meetings", "referrals");
		assertThat(rows).hasSize(1 + 5 + 1);
		assertThat(rows.get(6)).startsWith("total");
	}

	@Test
	void aPeriodThatEndsBeforeItStartsIsRefused() {
		SchoolFiles.Run run = school().run("simulate", "st-johns-way.yaml", "--from", "2024-10-01", "--to",
				"2024-09-01");
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("--to 2024-09-01 is before --from 2024-10-01");
	}

}
