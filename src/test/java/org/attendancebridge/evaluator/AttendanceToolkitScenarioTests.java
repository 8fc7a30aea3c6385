package org.attendancebridge.evaluator;

import org.attendancebridge.model.PupilFlag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003: the toolkit's tracked actions, as events without a ladder. */
class AttendanceToolkitScenarioTests {

	private Scenario school() {
		return Scenario.policy("attendance-toolkit.yaml");
	}

	@Test
	void aToolkitPolicyHasNoStage() {
		Scenario s = school().pupil("P1").days(30, "/");
		assertThat(s.asOf(s.lastDay()).stage("P1")).isNull();
	}

	@Test
	void aLowAttenderWhoCompletesAPerfectWeekIsPraised() {
		// Two weeks at 80%, then a full week: the week's last day fires.
		Scenario s = school().pupil("P1");
		s.then("/ / / I I / / / I I / / / / /");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("PERFECT_WEEK");
		assertThat(result.tracks.get("P1").perfectWeeks()).isEqualTo(1);
		assertThat(s.asOf(s.day(14)).fired("P1")).doesNotContain("PERFECT_WEEK");
	}

	@Test
	void vulnerablePupilsAbsentAreFollowedUpTheSameMorning() {
		Scenario s = school().pupil("P1", PupilFlag.VULNERABLE).days(5, "/").then("N");
		Scenario.Result result = s.asOf(s.lastDay(), java.time.LocalTime.of(9, 45));
		assertThat(result.actions("P1", "VULNERABLE_ABSENT"))
			.containsExactly("staff-alert dsl vulnerable-absence-contact");
	}

	@Test
	void disadvantagedPupilsBelowNinetyFivePercentGetAReEngagementPlan() {
		Scenario s = school().pupil("P1", PupilFlag.PUPIL_PREMIUM).days(9, "/").then("I");
		s.pupil("P2").days(9, "/").then("I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("RE_ENGAGEMENT", "PA_MONITORING");
		assertThat(result.fired("P2")).contains("PA_MONITORING").doesNotContain("RE_ENGAGEMENT");
	}

	@Test
	void ealFamiliesGetATextInTheirLanguageBeforeThePaLetter() {
		Scenario s = school().pupil("P1", PupilFlag.EAL).days(9, "/").then("I");
		assertThat(s.asOf(s.lastDay()).actions("P1", "EAL_LETTER_TEXT"))
			.containsExactly("sms parent letter-coming-text");
	}

}
