package org.attendancebridge.evaluator;

import java.time.DayOfWeek;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks pupils through seed 001's staged approach. */
class StagedApproachScenarioTests {

	private Scenario school() {
		return Scenario.policy("staged-approach.yaml");
	}

	@Test
	void fullAttendanceIsCelebratedOnceTheMinimumIsReached() {
		Scenario s = school().pupil("P1").days(9, "/");
		assertThat(s.asOf(s.lastDay()).stage("P1")).isNull();
		s.then("/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("CELEBRATE");
		assertThat(result.fired("P1")).containsExactly("CELEBRATE");
		assertThat(result.actions("P1", "CELEBRATE")).containsExactly("staff-alert head-of-year celebrate-attendance");
	}

	@Test
	void exactlyNinetySevenPercentIsLevelOneNotCelebrate() {
		// 97 of 100 sessions.
		Scenario s = school().pupil("P1").days(48, "/").then("/|I I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isEqualTo(97.0);
		assertThat(result.stage("P1")).isEqualTo("L1");
		assertThat(result.actions("P1", "L1")).containsExactly("letter parent at1-letter",
				"mis-note mis focus-marksheet-entry");
	}

	@Test
	void theGapBetweenNinetyFourAndNinetyFourPointOneStaysInLevelOne() {
		// 94 of 100 sessions is 94.0%: not below 94, so L1 (the milder level).
		Scenario s = school().pupil("P1").days(47, "/").then("I I I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isEqualTo(94.0);
		assertThat(result.stage("P1")).isEqualTo("L1");
		s.then("/|I");
		assertThat(s.asOf(s.lastDay()).stage("P1")).isEqualTo("L2");
		assertThat(s.asOf(s.lastDay()).actions("P1", "L2")).containsExactly("letter parent at2-letter",
				"task head-of-year at2-parent-meeting");
	}

	@Test
	void noImprovementAfterLevelTwoMonitoringGoesToPanelThenLegal() {
		// 80% steady: two absent sessions in every five days. L2 on day 10; the AT2
		// meeting is held on day 12, the panel on day 32.
		Scenario s = steadyEightyPercent();
		LocalDate at2Meeting = s.day(12);
		LocalDate panel = s.day(32);
		s.completed("L2", at2Meeting).completed("PANEL", panel);
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).extracting((h) -> h.substring(11)).containsSubsequence("L2", "PANEL", "LEGAL");
		assertThat(result.stage("P1")).isEqualTo("LEGAL");
		// Four school weeks of monitoring after the AT2 meeting, five after the panel.
		assertThat(result.first("PANEL").date()).isEqualTo(at2Meeting.with(DayOfWeek.MONDAY).plusWeeks(4));
		assertThat(result.first("LEGAL").date()).isEqualTo(panel.with(DayOfWeek.MONDAY).plusWeeks(5));
		assertThat(result.first("PANEL").explanation())
			.contains("began on " + at2Meeting + ", when at2-parent-meeting was completed");
	}

	@Test
	void withoutTheAt2MeetingRecordedThePanelWaitsFifteenSchoolDaysMore() {
		Scenario s = steadyEightyPercent();
		LocalDate entered = s.day(10);
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.first("L2").date()).isEqualTo(entered);
		// The period starts 15 school days after L2 (day 25), so no review comes before
		// the first school day four school weeks after that.
		LocalDate firstReview = s.day(25).with(DayOfWeek.MONDAY).plusWeeks(4);
		assertThat(result.first("PANEL").date()).isAfterOrEqualTo(firstReview);
		assertThat(s.asOf(firstReview.minusDays(1)).stage("P1")).isEqualTo("L2");
	}

	private Scenario steadyEightyPercent() {
		Scenario s = school().pupil("P1");
		for (int week = 0; week < 16; week++) {
			s.then("/ / /|I / I|/");
		}
		return s;
	}

	@Test
	void persistentAbsenceSendsThePaLetterAndAllocatesTheEwoAtLevelTwo() {
		// 18 of 20: exactly 90% absence 10%, persistently absent.
		Scenario s = school().pupil("P1").days(9, "/").then("I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isEqualTo(90.0);
		assertThat(result.stage("P1")).isEqualTo("L2");
		assertThat(result.fired("P1")).contains("L2", "PA", "EWO");
		assertThat(result.actions("P1", "PA")).containsExactly("letter parent pa-letter",
				"staff-alert assistant-principal pa-monitoring");
		assertThat(result.actions("P1", "EWO")).containsExactly("task ewo ewo-aip-meeting");
	}

	@Test
	void recoveringAboveNinetySevenIsCelebratedAgainAfterTheCoolOff() {
		Scenario s = school().pupil("P1").days(10, "/").then("I I I").days(100, "/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).extracting((h) -> h.substring(11))
			.containsSubsequence("CELEBRATE", "L2", "CELEBRATE");
		assertThat(result.stage("P1")).isEqualTo("CELEBRATE");
	}

}
