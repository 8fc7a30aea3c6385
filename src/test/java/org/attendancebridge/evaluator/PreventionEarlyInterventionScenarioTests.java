package org.attendancebridge.evaluator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 004: prevention, early intervention and targeted re-engagement. */
class PreventionEarlyInterventionScenarioTests {

	private Scenario.Result pupilMissing(int missed) {
		// Absences first, so attendance only improves and no review escalates the pupil.
		Scenario s = Scenario.policy("prevention-early-intervention.yaml").pupil("P1");
		s.days(missed / 2, "I");
		if (missed % 2 == 1) {
			s.then("/|I");
		}
		s.days(50 - missed / 2 - missed % 2, "/");
		return s.asOf(s.lastDay());
	}

	@ParameterizedTest(name = "{0} sessions missed of 100 -> {1}")
	@CsvSource({ "0, EXCELLENT", "3, EXCELLENT", "4, B95", "5, B95", "6, B93", "7, B93", "8, B91", "9, B91", "10, PA",
			"49, PA", "50, PA", "51, SEVERE" })
	void bandsFollowTheDesignTable(int missed, String stage) {
		Scenario.Result result = pupilMissing(missed);
		assertThat(result.pct("P1")).isEqualTo(100.0 - missed);
		assertThat(result.stage("P1")).isEqualTo(stage);
	}

	@Test
	void persistentAbsenceWithNoImprovementAfterTwentyDaysBecomesSevere() {
		Scenario s = Scenario.policy("prevention-early-intervention.yaml").pupil("P1").days(40, "/|/").days(40, "/|I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.history("P1")).extracting((h) -> h.substring(11)).containsSubsequence("PA", "SEVERE");
		assertThat(result.stage("P1")).isEqualTo("SEVERE");
		assertThat(result.pct("P1")).isGreaterThan(50.0);
		Decision severe = result.decisions.stream().filter((d) -> d.rule().equals("SEVERE")).findFirst().orElseThrow();
		assertThat(severe.explanation()).contains("no improvement at the review of PA");
		assertThat(severe.actions()).extracting((a) -> a.template())
			.containsExactly("nti-further-concerns", "attendance-action-plan-meeting", "la-statutory-referral");
	}

	@Test
	void notImprovingOutOfPersistentAbsenceStepsDownFromSevere() {
		Scenario s = Scenario.policy("prevention-early-intervention.yaml").pupil("P1").days(40, "/|/").days(40, "/|I");
		s.days(160, "/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.pct("P1")).isGreaterThan(90.0);
		assertThat(result.stage("P1")).isNotEqualTo("SEVERE").isNotEqualTo("PA");
	}

}
