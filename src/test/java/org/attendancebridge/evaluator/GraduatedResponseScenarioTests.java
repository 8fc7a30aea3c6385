package org.attendancebridge.evaluator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 002: the bands of the graduated response and the LA notification. */
class GraduatedResponseScenarioTests {

	/**
	 * 100 possible sessions with {@code missed} of them absent (illness), so the
	 * attendance is exactly {@code 100 - missed} percent.
	 */
	private Scenario.Result pupilMissing(int missed) {
		// Absences first, so attendance only improves and no review escalates the pupil.
		Scenario s = Scenario.policy("graduated-response.yaml").pupil("P1");
		s.days(missed / 2, "I");
		if (missed % 2 == 1) {
			s.then("/|I");
		}
		s.days(50 - missed / 2 - missed % 2, "/");
		return s.asOf(s.lastDay());
	}

	@ParameterizedTest(name = "{0} sessions missed of 100 -> {1}")
	@CsvSource({ "0, U", "5, U", "6, S1", "7, S1", "8, S2", "9, S2", "10, S3", "11, S3", "20, S3", "21, S4", "50, S4",
			"51, S5", "80, S5" })
	void bandsFollowTheDesignTable(int missed, String stage) {
		Scenario.Result result = pupilMissing(missed);
		assertThat(result.pct("P1")).isEqualTo(100.0 - missed);
		assertThat(result.stage("P1")).isEqualTo(stage);
	}

	@Test
	void everyPupilStartsInUniversalSupport() {
		Scenario s = Scenario.policy("graduated-response.yaml").pupil("P1").then("/");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("U");
		assertThat(result.fired("P1")).containsExactly("U");
		assertThat(result.decision("P1", "U").actions()).isEmpty();
	}

	@Test
	void stageOneNotifiesParentsOfLostLearning() {
		// 38 of 40 is 95.0%: not below 95, still universal.
		Scenario s = Scenario.policy("graduated-response.yaml").pupil("P1").days(19, "/").then("I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("U");
		s = Scenario.policy("graduated-response.yaml").pupil("P1").days(24, "/").then("/|I I");
		result = s.asOf(s.lastDay());
		assertThat(result.stage("P1")).isEqualTo("S1");
		assertThat(result.actions("P1", "S1")).contains("letter parent lost-learning-letter",
				"task tutor significant-adult-meeting");
	}

	@Test
	void fifteenDaysOfIllnessNotifyTheLocalAuthorityOnce() {
		Scenario s = Scenario.policy("graduated-response.yaml").pupil("P1").days(30, "/").days(15, "I");
		Scenario.Result result = s.asOf(s.lastDay());
		assertThat(result.fired("P1")).contains("LA_NOTIFY");
		assertThat(result.actions("P1", "LA_NOTIFY"))
			.containsExactly("la-referral local-authority la-absence-notification");
		assertThat(result.decision("P1", "LA_NOTIFY").explanation())
			.contains("30 illness sessions (15.0 days) this year");
		s.days(10, "I");
		assertThat(s.asOf(s.lastDay()).history("P1").stream().filter((h) -> h.endsWith("LA_NOTIFY"))).hasSize(1);
	}

	@Test
	void tenDaysOfUnauthorisedAbsenceNotifyTheLocalAuthority() {
		Scenario s = Scenario.policy("graduated-response.yaml").pupil("P1").days(30, "/");
		for (int i = 0; i < 10; i++) {
			s.then("O / /");
		}
		Scenario.Result result = s.asOf(s.lastDay().minusDays(2));
		assertThat(result.history("P1")).anyMatch((h) -> h.endsWith("LA_NOTIFY"));
	}

}
