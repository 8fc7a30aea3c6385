package org.attendancebridge.evaluator;

import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour of the replay itself, independent of any one seed. */
class StageEvaluatorTests {

	@Test
	void holidaysDoNotDiluteARollingWindowOfSchoolWeeks() {
		// Five unauthorised sessions, a three-week holiday, five more: 10 in 10 school
		// weeks.
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(20, "/");
		s.then("G|/ / G|/ / G|/ / G|/ / G|/ /").holiday(3).then("G|/ / G|/ / G|/ / G|/ / G|/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("NTI");
	}

	@Test
	void unauthorisedSessionsOlderThanTheWindowDropOut() {
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(20, "/");
		s.then("G|/ G|/ G|/ G|/ G|/").days(50, "/").then("G|/ G|/ G|/ G|/ G|/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).noneMatch((h) -> h.endsWith("NTI"));
	}

	@Test
	void beforeTheAfternoonRegisterOnlyTheMorningMarkIsKnown() {
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(19, "/").then("N N|/");
		// At 10:00 the second day's AM absence makes two whole days absent so far.
		assertThat(s.asOf(s.lastDay(), LocalTime.of(10, 0)).fired("P1")).contains("AC1");
		// By the end of the day the pupil has come in for the afternoon: a return, not
		// AC1.
		Scenario.Result evening = s.asOf(s.lastDay());
		assertThat(evening.fired("P1")).contains("RETURN").doesNotContain("AC1");
		assertThat(s.asOf(s.lastDay(), LocalTime.of(8, 0)).tracks.get("P1").possibleSessions()).isEqualTo(40);
		assertThat(s.asOf(s.lastDay(), LocalTime.of(10, 0)).tracks.get("P1").possibleSessions()).isEqualTo(41);
	}

	@Test
	void aNewAcademicYearStartsANewLadder() {
		// Half of every day missed up to the summer, then September: the year-to-date
		// figures,
		// the stage and the cool-offs start again.
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(30, "I|/");
		// The SAM meeting is held the day AC5 is entered: its review escalates to AC6.
		s.completed("AC5", s.day(10));
		assertThat(s.asOf(s.lastDay()).stage("P1")).isEqualTo("AC6");
		s.holiday(44).days(15, "/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(s.lastDay().getYear()).isEqualTo(2025);
		assertThat(result.tracks.get("P1").possibleSessions()).isEqualTo(30);
		assertThat(result.pct("P1")).isEqualTo(100.0);
		assertThat(result.stage("P1")).isNull();
		// Four missed sessions in the new year: AC4 fires again, a new year's first
		// letter.
		s.then("I I");
		result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("AC5");
	}

	@Test
	void advancingDayByDayGivesTheSameDecisionsAsOneReplay() {
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(25, "/").then("N N N / /|I");
		s.days(10, "/|I").then("G|/ G|/ / N|/ / / / / /");
		Scenario.Result once = s.asOf(s.lastDay());
		Scenario.Result stepwise = s.asOfDayByDay(s.lastDay());
		assertThat(stepwise.decisions).isEqualTo(once.decisions);
		assertThat(once.history("P1")).hasSizeGreaterThan(5);
	}

	@Test
	void aWeekStillUnderWayIsNoPerfectWeekYet() {
		// Monday to Friday, then Monday: on that Monday only one week has ended.
		Scenario s = Scenario.policy("attendance-toolkit.yaml").pupil("P1").days(6, "/");
		assertThat(s.asOf(s.lastDay()).tracks.get("P1").perfectWeeks()).isEqualTo(1);
		// A register that ends on a Friday ends its week.
		s.days(4, "/");
		assertThat(s.asOf(s.lastDay()).tracks.get("P1").perfectWeeks()).isEqualTo(2);
	}

}
