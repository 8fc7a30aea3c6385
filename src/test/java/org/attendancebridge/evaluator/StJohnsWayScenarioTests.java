package org.attendancebridge.evaluator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

import org.attendancebridge.model.PupilFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks pupils through seed 000's ladder day by day. */
class StJohnsWayScenarioTests {

	private Scenario school() {
		return Scenario.policy("st-johns-way.yaml");
	}

	@Test
	void truancyTextIsDueAtHalfPastNineNotBefore() {
		Scenario s = school().pupil("P1").days(19, "/").then("N");
		LocalDate day = s.lastDay();
		assertThat(s.asOf(day, LocalTime.of(9, 0)).fired("P1")).isEmpty();
		Scenario.Result at = s.asOf(day, LocalTime.of(9, 30));
		assertThat(at.fired("P1")).containsExactly("FIRST_DAY");
		assertThat(at.actions("P1", "FIRST_DAY")).containsExactly("sms parent truancy-text",
				"task attendance-officer record-absence-reason");
	}

	@Test
	void illnessOnTheFirstDaySendsNoTextAndAlertsNobody() {
		Scenario s = school().pupil("P1").days(19, "/").then("I");
		Scenario.Result result = s.asOf(s.lastDay(), LocalTime.of(10, 0));
		assertThat(result.actions("P1", "FIRST_DAY")).containsExactly("task attendance-officer record-absence-reason");
	}

	@Test
	void aReasonOtherThanIllnessAlertsKeyStaff() {
		Scenario s = school().pupil("P1").days(19, "/").then("M");
		Scenario.Result result = s.asOf(s.lastDay(), LocalTime.of(10, 0));
		assertThat(result.actions("P1", "FIRST_DAY")).contains("staff-alert key-worker absence-contact-home");
		assertThat(result.decision("P1", "FIRST_DAY").actions().get(1).copyTo()).containsExactly("head-of-year",
				"senco", "dsl");
	}

	@Test
	void secondAndThirdConsecutiveDaysFireAc1ThenAc2AndReturnIsWelcomed() {
		Scenario s = school().pupil("P1").days(30, "/").then("N N N /");
		assertThat(s.asOf(s.day(31), LocalTime.of(10, 0)).fired("P1")).contains("FIRST_DAY");
		assertThat(s.asOf(s.day(32)).fired("P1")).contains("AC1").doesNotContain("AC2", "FIRST_DAY");
		assertThat(s.asOf(s.day(33)).fired("P1")).contains("AC2").doesNotContain("AC1");
		assertThat(s.asOf(s.day(33)).actions("P1", "AC2")).containsExactly("task attendance-officer home-visit",
				"letter parent absence-reporting-reminder");
		assertThat(s.asOf(s.day(34)).fired("P1")).contains("RETURN");
	}

	@Test
	void consecutiveDaysRunAcrossTheWeekend() {
		// Day 20 is a Friday, day 21 the Monday after.
		Scenario s = school().pupil("P1").days(19, "/").then("I I");
		assertThat(s.day(20).getDayOfWeek().getValue()).isEqualTo(5);
		assertThat(s.asOf(s.day(21)).fired("P1")).contains("AC1");
	}

	@Test
	void anUnresolvedNIsAmendedToOOnTheFifthSchoolDay() {
		Scenario s = school().pupil("P1").days(20, "/").then("/|N / / / / /");
		Scenario.Result result = s.asOf(s.day(26));
		assertThat(result.fired("P1")).containsExactly("N_TO_O");
		DueAction amend = result.decision("P1", "N_TO_O").actions().get(0);
		assertThat(amend.markDate()).isEqualTo(s.day(21));
		assertThat(amend.amendTo().symbol()).isEqualTo("O");
		assertThat(s.asOf(s.day(25)).fired("P1")).isEmpty();
	}

	@Test
	void dropBelowNinetySixPercentEntersAc3Once() {
		// 24 days present then a day ill: 48 of 50 is 96.0%, not below 96%.
		Scenario s = school().pupil("P1").days(24, "/").then("I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isEqualTo(96.0);
		assertThat(result.stage("P1")).isNull();
		// One more missed session: 49 of 52 = 94.2%.
		s.then("/|I");
		result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("AC3");
		assertThat(result.fired("P1")).contains("AC3").doesNotContain("AC4");
		assertThat(result.actions("P1", "AC3")).containsExactly("letter parent early-support-letter",
				"mis-note mis tracking-record");
		s.then("/ / /");
		result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("AC3");
		assertThat(result.history("P1").stream().filter((h) -> h.endsWith(" AC3"))).hasSize(1);
	}

	@Test
	void bandsWaitForTheMinimumNumberOfSessions() {
		// Absent on day 1 is 0%, but nothing fires before 20 possible sessions.
		Scenario s = school().pupil("P1").then("I / / / /");
		assertThat(s.asOf(s.lastDay()).stage("P1")).isNull();
		s.days(5, "/");
		// 10 days, 18 of 20: 90% -> AC4 (below 92, not below 90).
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isEqualTo(90.0);
		assertThat(result.stage("P1")).isEqualTo("AC4");
		assertThat(result.fired("P1")).containsExactly("AC4");
	}

	@Test
	void noImprovementAtTheReviewEscalatesAc5ToAc6AndThenAc7FourWeeksAfterEachMeeting() {
		// Half of every day missed: 50%, persistently absent, and not improving. AC5 is
		// entered on day 10, once there are 20 possible sessions.
		Scenario s = school().pupil("P1").days(60, "/|I");
		LocalDate samMeeting = s.day(12);
		LocalDate samReview = s.day(33);
		s.completed("AC5", samMeeting).completed("AC6", samReview);
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).extracting((h) -> h.substring(11)).containsSubsequence("AC5", "AC6", "AC7");
		assertThat(result.stage("P1")).isEqualTo("AC7");
		assertThat(result.first("AC5").date()).isEqualTo(s.day(10));
		// Each review comes on the first school day four school weeks after the week of
		// the meeting that agreed the plan.
		assertThat(result.first("AC6").date()).isEqualTo(samMeeting.with(DayOfWeek.MONDAY).plusWeeks(4));
		assertThat(result.first("AC7").date()).isEqualTo(samReview.with(DayOfWeek.MONDAY).plusWeeks(4));
		assertThat(result.first("AC6").explanation()).contains(
				"no improvement at the review of AC5: attendance 50.0%, 50.0%",
				"when the monitoring period began on " + samMeeting + ", when sam-meeting was completed");
		assertThat(result.first("AC7").explanation())
			.contains("began on " + samReview + ", when sam-review-meeting was completed");
	}

	@ParameterizedTest(name = "SAM meeting on school day {0}: review on {1}")
	@CsvSource({ "10, 2024-10-07", "12, 2024-10-14", "15, 2024-10-14", "19, 2024-10-21" })
	void theReviewMovesWithTheDayTheSamMeetingIsCompleted(int meetingDay, LocalDate review) {
		Scenario s = school().pupil("P1").days(60, "/|I");
		s.completed("AC5", s.day(meetingDay));
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.first("AC6").date()).isEqualTo(review);
		assertThat(result.history("P1").stream().filter((h) -> h.endsWith(" AC6"))).hasSize(1);
	}

	@Test
	void beforeTheSamMeetingIsCompletedTheReviewWaitsThenStartsAfterTenSchoolDays() {
		Scenario s = school().pupil("P1").days(60, "/|I");
		LocalDate entered = s.day(10);
		// Four weeks after entry the review would have come had the period started then;
		// with no meeting recorded it has not.
		LocalDate fourWeeksAfterEntry = entered.with(DayOfWeek.MONDAY).plusWeeks(4);
		Scenario.Result waiting = s.asOf(fourWeeksAfterEntry);
		assertThat(waiting.stage("P1")).isEqualTo("AC5");
		assertThat(waiting.history("P1")).noneMatch((h) -> h.endsWith(" AC6"));
		// Ten school days after entry the period starts anyway; the review follows four
		// school weeks on, and says the meeting was not completed.
		LocalDate waitOver = s.day(20);
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.first("AC6").date()).isEqualTo(waitOver.with(DayOfWeek.MONDAY).plusWeeks(4));
		assertThat(result.first("AC6").explanation()).contains("began on " + waitOver
				+ ", sam-meeting not having been completed within 10 school days of entering AC5");
	}

	@Test
	void aMeetingCompletedBeforeTheLevelWasEnteredStartsNoPeriod() {
		// An earlier meeting (day 5, before AC5 on day 10) belongs to nothing the review
		// waits for: the review comes as if no meeting was recorded.
		Scenario s = school().pupil("P1").days(60, "/|I");
		s.completed("AC5", s.day(5));
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.first("AC6").date()).isEqualTo(s.day(20).with(DayOfWeek.MONDAY).plusWeeks(4));
	}

	@Test
	void aMeetingOnASaturdayCountsFromTheNextSchoolDay() {
		Scenario s = school().pupil("P1").days(60, "/|I");
		LocalDate saturday = s.day(15).plusDays(1);
		assertThat(saturday.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
		s.completed("AC5", saturday);
		Scenario.Result result = s.asOf(s.lastDay());
		// Monday day 16 starts the period: its week plus four.
		assertThat(result.first("AC6").date()).isEqualTo(s.day(16).plusWeeks(4));
		assertThat(result.first("AC6").explanation()).contains("began on " + s.day(16));
	}

	@Test
	void aMeetingRecordedLaterDoesNotChangeWhatTheReplaySawOnEarlierDays() {
		// As of day 13 the meeting on day 14 has not happened: the review still waits.
		Scenario s = school().pupil("P1").days(60, "/|I");
		s.completed("AC5", s.day(14));
		PupilTrack before = s.asOf(s.day(13)).tracks.get("P1");
		assertThat(before.waitUntil).isEqualTo(19);
		assertThat(before.reviewDue).isEqualTo(Integer.MAX_VALUE);
		PupilTrack after = s.asOf(s.day(14)).tracks.get("P1");
		assertThat(after.waitUntil).isEqualTo(PupilTrack.NOT_WAITING);
		assertThat(after.periodStart).isEqualTo(s.day(14));
	}

	@Test
	void improvementAtTheReviewStartsANewPeriodInsteadOfEscalating() {
		// 50% for two weeks enters AC5; then full attendance lifts the figure at every
		// review.
		Scenario s = school().pupil("P1").days(10, "/|I").days(30, "/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).anyMatch((h) -> h.endsWith(" AC5")).noneMatch((h) -> h.endsWith(" AC6"));
	}

	@Test
	void improvementAtTheReviewKeepsAc5AndStepsDownWhenAboveNinety() {
		Scenario s = school().pupil("P1").days(10, "/").then("I I I I I / / / / /");
		// 40 of 40? no: 30 of 40 = 75%... then a long run of attendance lifts it.
		s.days(60, "/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).noneMatch((h) -> h.endsWith("AC6"));
		assertThat(result.pct("P1")).isGreaterThan(92.0);
		assertThat(result.stage("P1")).isEqualTo("AC3");
	}

	@Test
	void reEnteringALevelWithinTheCoolOffDoesNotFireAgain() {
		// 49 of 52 (94.2%) enters AC3; 12 good days climb back to 96.05%, out of AC3; one
		// missed session re-enters it within the 20-day cool-off.
		Scenario s = school().pupil("P1").days(24, "/").then("I /|I").days(12, "/");
		assertThat(s.asOf(s.lastDay()).stage("P1")).isNull();
		s.then("/|I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("AC3");
		assertThat(result.history("P1").stream().filter((h) -> h.endsWith(" AC3")).count()).isEqualTo(1);
		// After the cool-off, leaving and re-entering fires again.
		s.days(40, "/").then("I I");
		result = s.asOf(s.lastDay());
		assertThat(result.history("P1").stream().filter((h) -> h.endsWith(" AC3")).count()).isEqualTo(2);
	}

	@Test
	void tenUnauthorisedSessionsInTenSchoolWeeksIssueANoticeToImprove() {
		Scenario s = school().pupil("P1").days(20, "/");
		for (int week = 0; week < 5; week++) {
			s.then("G|/ / / / G|/");
		}
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("NTI");
		assertThat(result.actions("P1", "NTI")).containsExactly("letter parent notice-to-improve",
				"staff-alert ewo nti-issued");
		assertThat(result.decision("P1", "NTI").explanation())
			.contains("10 unauthorised sessions in the last 10 school weeks");
	}

	@Test
	void cohortRulesFireWithTheLadderForFlaggedPupilsOnly() {
		Scenario s = school().pupil("P1", PupilFlag.SEND, PupilFlag.VULNERABLE).days(10, "/").then("I I");
		s.pupil("P2").days(10, "/").then("I I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("AC5", "SEND", "VULNERABLE").doesNotContain("PP");
		assertThat(result.fired("P2")).contains("AC5").doesNotContain("SEND", "VULNERABLE", "PP");
	}

	@Test
	void everyDecisionExplainsItselfWithFigures() {
		Scenario s = school().pupil("P1").days(10, "/").then("I I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.decision("P1", "AC5").explanation()).contains("attendance 83.3% (20 of 24 possible sessions")
			.contains("below 90.0%");
	}

}
