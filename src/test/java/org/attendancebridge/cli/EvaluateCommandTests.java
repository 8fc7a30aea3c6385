package org.attendancebridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluate} on pupils built by hand, for every seed policy. */
class EvaluateCommandTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path folder;

	static List<Map<String, Object>> parse(SchoolFiles.Run run) throws Exception {
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		return JSON.readValue(run.out(), new TypeReference<>() {
		});
	}

	private static Map<String, Object> pupil(List<Map<String, Object>> pupils, String id) {
		return pupils.stream().filter((p) -> p.get("pupil_id").equals(id)).findFirst().orElseThrow();
	}

	@Test
	void thirdDayAbsentAtStJohnsWayEntersTheSamMeetingStage() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").days(19, "/").then("N N N");
		List<Map<String, Object>> out = parse(
				school.run("evaluate", "st-johns-way.yaml", "--as-of", school.lastDay().toString()));
		Map<String, Object> p1 = pupil(out, "P1");
		// 38 of 44 possible sessions attended: 86.4%, below 90%.
		assertThat((double) p1.get("attendance_pct")).isCloseTo(86.36, org.assertj.core.data.Offset.offset(0.01));
		assertThat(p1.get("possible_sessions")).isEqualTo(44);
		assertThat(p1.get("stage")).isEqualTo("AC5");
		assertThat(strings(p1.get("fired"))).contains("AC5", "AC2").doesNotContain("AC1", "FIRST_DAY");
		assertThat(actions(p1)).contains("AC5 task head-of-year sam-meeting", "AC2 task attendance-officer home-visit",
				"AC2 letter parent absence-reporting-reminder");
		assertThat(p1.get("consecutive_days_absent")).isEqualTo(3);
		assertThat(p1.get("hours_lost")).isEqualTo(6 * 3.25);
		assertThat(p1.get("explanations").toString()).contains("attendance 86.4%");
	}

	@Test
	void aCompletedSamMeetingStartsTheFourWeeksToTheReview() throws Exception {
		// Half of every day missed: AC5 on Friday 13 September, the SAM meeting held on
		// Tuesday 17 September, the review four school weeks on, Monday 14 October.
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").days(40, "/|I");
		Path tasks = school.tasksFile("P1,AC5,2024-09-17");
		Map<String, Object> reviewed = pupil(parse(
				school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-10-14", "--tasks", tasks.toString())),
				"P1");
		assertThat(reviewed.get("stage")).isEqualTo("AC6");
		assertThat(strings(reviewed.get("fired"))).containsExactly("AC6");
		assertThat(reviewed.get("explanations").toString()).contains("when sam-meeting was completed");
		// Without the meeting the review still waits: the period starts ten school days
		// after AC5, on 27 September, and the review comes on 21 October.
		Map<String, Object> waiting = pupil(parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-10-14")),
				"P1");
		assertThat(waiting.get("stage")).isEqualTo("AC5");
		assertThat(strings(waiting.get("fired"))).isEmpty();
		Map<String, Object> late = pupil(parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-10-21")),
				"P1");
		assertThat(strings(late.get("fired"))).containsExactly("AC6");
		assertThat(late.get("explanations").toString())
			.contains("sam-meeting not having been completed within 10 school days");
	}

	@Test
	void firstDayTextIsDueAtHalfPastNineAndNotBefore() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").days(19, "/").then("N");
		String day = school.lastDay().toString();
		Map<String, Object> early = parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", day, "--at", "09:00"))
			.get(0);
		assertThat(strings(early.get("fired"))).isEmpty();
		// The AM register (08:50) is known at 09:00: 39 possible sessions.
		assertThat(early.get("possible_sessions")).isEqualTo(39);
		Map<String, Object> late = parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", day, "--at", "09:45"))
			.get(0);
		assertThat(strings(late.get("fired"))).containsExactly("FIRST_DAY");
		assertThat(actions(late)).contains("FIRST_DAY sms parent truancy-text");
		Map<String, Object> before = parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", day, "--at", "08:00"))
			.get(0);
		assertThat(before.get("possible_sessions")).isEqualTo(38);
	}

	@Test
	void fifteenDaysOfIllnessNotifyTheLocalAuthorityUnderTheGraduatedResponse() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "5").days(30, "/").days(15, "I");
		Map<String, Object> p1 = parse(
				school.run("evaluate", "graduated-response.yaml", "--as-of", school.lastDay().toString()))
			.get(0);
		// 60 of 90: 66.7%, stage 4 (below 80%, at least 50%).
		assertThat(p1.get("stage")).isEqualTo("S4");
		assertThat(strings(p1.get("fired"))).contains("LA_NOTIFY");
		assertThat(p1.get("illness_sessions")).isEqualTo(30);
	}

	@Test
	void fullAttendanceIsCelebratedAndExcellent() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "7").days(20, "/");
		String day = school.lastDay().toString();
		Map<String, Object> staged = parse(school.run("evaluate", "staged-approach.yaml", "--as-of", day)).get(0);
		assertThat(staged.get("stage")).isEqualTo("CELEBRATE");
		Map<String, Object> prevention = parse(
				school.run("evaluate", "prevention-early-intervention.yaml", "--as-of", day))
			.get(0);
		assertThat(prevention.get("stage")).isEqualTo("EXCELLENT");
		assertThat(prevention.get("rag")).isEqualTo("GREEN");
		assertThat(prevention.get("perfect_weeks")).isEqualTo(4);
	}

	@Test
	void pupilsAreSortedByIdAndPupilsWithoutMarksAreListed() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P2", "9").days(5, "/");
		school.pupil("P10", "9").days(5, "/").pupil("P1", "9").days(5, "/").pupil("P3", "9");
		List<Map<String, Object>> out = parse(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-06"));
		assertThat(out).extracting((p) -> p.get("pupil_id")).containsExactly("P1", "P10", "P2", "P3");
		Map<String, Object> p3 = pupil(out, "P3");
		assertThat(p3.get("possible_sessions")).isEqualTo(0);
		assertThat(p3.get("stage")).isNull();
	}

	@Test
	void toolkitRatesEachPupilAndListsTheTenLowestAttendersOfEachYear() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder);
		// Twelve pupils in year 8, pupil i misses i sessions of 40; one pupil in year 9
		// misses ten.
		for (int i = 0; i < 12; i++) {
			school.pupil("Y8-" + (char) ('a' + i), "8", (i == 11) ? "pp" : "none");
			school.days(20 - (i + 1) / 2, "/").days(i / 2, "I");
			if (i % 2 == 1) {
				school.then("/|I");
			}
		}
		school.pupil("Y9-a", "9").days(15, "/").days(5, "I");
		// 23 of 25 possible (the last afternoon is a closure, not counted): 92%.
		school.pupil("Y9-b", "9").days(11, "/").then("I /|#");
		List<Map<String, Object>> out = parse(
				school.run("evaluate", "attendance-toolkit.yaml", "--as-of", "2024-09-27"));
		// Y8-a..Y8-b (0-1 missed: 100%, 97.5%) are green and off the list; the other ten
		// are on it.
		assertThat(out.stream().filter((p) -> (boolean) p.get("red10")).map((p) -> p.get("pupil_id")))
			.containsExactlyInAnyOrder("Y8-c", "Y8-d", "Y8-e", "Y8-f", "Y8-g", "Y8-h", "Y8-i", "Y8-j", "Y8-k", "Y8-l",
					"Y9-a", "Y9-b");
		assertThat(pupil(out, "Y8-a").get("rag")).isEqualTo("GREEN");
		// 3 of 40 missed: 92.5%, amber.
		assertThat(pupil(out, "Y8-d").get("rag")).isEqualTo("AMBER");
		// 4 of 40 missed: 90%, red, persistently absent.
		Map<String, Object> e = pupil(out, "Y8-e");
		assertThat(e.get("rag")).isEqualTo("RED");
		assertThat(strings(e.get("flags"))).containsExactly("PA");
		// 11 of 40 missed and pupil premium.
		assertThat(strings(pupil(out, "Y8-l").get("flags"))).containsExactlyInAnyOrder("PA", "DISENGAGEMENT_RISK");
		assertThat(strings(pupil(out, "Y8-d").get("flags"))).isEmpty();
		assertThat(strings(pupil(out, "Y9-b").get("flags"))).containsExactly("AT_RISK_PA");
		assertThat(pupil(out, "Y9-b").get("rag")).isEqualTo("AMBER");
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object list) {
		return (List<String>) list;
	}

	@SuppressWarnings("unchecked")
	private static List<String> actions(Map<String, Object> pupil) {
		return ((List<Map<String, Object>>) pupil.get("actions")).stream()
			.map((a) -> a.get("rule") + " " + a.get("kind") + " " + a.get("recipient") + " " + a.get("template"))
			.toList();
	}

}
