package org.attendancebridge.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped policies keep the stage ids of design.md exactly: tests, the CLI and the
 * dashboard rely on them.
 */
class SeedPoliciesTests {

	private static final Path POLICIES = Path.of("policies");

	@Test
	void cohortsKeepOneOrderSoExplanationsReadTheSameInEveryRun() {
		Policy toolkit = PolicyLoader.loadFile(Path.of("policies/attendance-toolkit.yaml"));
		Condition.All all = (Condition.All) toolkit.events().get(0).when();
		Condition.Cohort cohort = (Condition.Cohort) all.conditions().get(0);
		assertThat(cohort.anyOf()).containsExactly(org.attendancebridge.model.PupilFlag.PUPIL_PREMIUM,
				org.attendancebridge.model.PupilFlag.VULNERABLE);
	}

	@Test
	void everyShippedPolicyLoads() {
		Map<String, String> seeds = PolicyLoader.loadFolder(POLICIES)
			.stream()
			.collect(Collectors.toMap(Policy::id, Policy::seed));
		assertThat(seeds).containsExactlyInAnyOrderEntriesOf(Map.of("st-johns-way", "000", "staged-approach", "001",
				"graduated-response", "002", "attendance-toolkit", "003", "prevention-early-intervention", "004"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';',
			value = { "st-johns-way; AC3 AC4 AC5 AC6 AC7", "staged-approach; CELEBRATE L1 L2 PANEL LEGAL",
					"graduated-response; U S1 S2 S3 S4 S5",
					"prevention-early-intervention; EXCELLENT B95 B93 B91 PA SEVERE" })
	void laddersUseTheDesignStageIdsInOrder(String policy, String ladder) {
		Policy loaded = PolicyLoader.loadFile(POLICIES.resolve(policy + ".yaml"));
		assertThat(loaded.levels()).extracting(LevelRule::id).containsExactly(ladder.split(" "));
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "st-johns-way; FIRST_DAY AC1 AC2 N_TO_O NTI RETURN SEND PP VULNERABLE",
			"staged-approach; PA EWO", "graduated-response; LA_NOTIFY" })
	void eventsUseTheDesignIds(String policy, String events) {
		Policy loaded = PolicyLoader.loadFile(POLICIES.resolve(policy + ".yaml"));
		assertThat(loaded.events()).extracting(EventRule::id).containsExactlyInAnyOrder(events.split(" "));
	}

	@Test
	void theFirstDayTextExistsInEveryLanguageTheSchoolsNeed() {
		TemplateCatalog templates = TemplateCatalog.load(POLICIES.resolve("templates"));
		assertThat(templates.get("truancy-text").orElseThrow().text()).containsKeys("en", "pl", "ro", "ur", "ar", "bn");
	}

	@Test
	void everyLadderRungAndEventTakesAtLeastOneAction() {
		for (Policy policy : PolicyLoader.loadFolder(POLICIES)) {
			List<String> silent = policy.levels()
				.stream()
				.filter((level) -> level.actions().isEmpty() && !level.id().equals("U"))
				.map(LevelRule::id)
				.toList();
			assertThat(silent).as(policy.id()).isEmpty();
		}
	}

	@Test
	void staffActionsGoToTheRolesTheSeedsName() {
		Policy stJohns = PolicyLoader.loadFile(POLICIES.resolve("st-johns-way.yaml"));
		assertThat(recipients(stJohns, "SEND")).containsExactly("senco");
		assertThat(recipients(stJohns, "PP")).containsExactly("pp-coordinator");
		assertThat(recipients(stJohns, "VULNERABLE")).containsExactly("dsl", "dsl");
		assertThat(recipients(stJohns, "RETURN")).containsExactly("tutor");
		Policy staged = PolicyLoader.loadFile(POLICIES.resolve("staged-approach.yaml"));
		assertThat(staged.level("L1").orElseThrow().actions().get(0).copyTo()).containsExactly("head-of-year");
		assertThat(staged.level("LEGAL").orElseThrow().actions()).extracting(ActionSpec::kind)
			.contains(ActionKind.LA_REFERRAL);
	}

	@Test
	void reviewsThatFollowAMeetingWaitForItsTaskAndTheNoticeRunsFromEntry() {
		Policy stJohns = PolicyLoader.loadFile(POLICIES.resolve("st-johns-way.yaml"));
		assertThat(stJohns.level("AC5").orElseThrow().monitorStart()).isEqualTo(new MonitorStart("sam-meeting", 10));
		assertThat(stJohns.level("AC6").orElseThrow().monitorStart())
			.isEqualTo(new MonitorStart("sam-review-meeting", 10));
		Policy staged = PolicyLoader.loadFile(POLICIES.resolve("staged-approach.yaml"));
		assertThat(staged.level("L1").orElseThrow().monitorStart()).isNull();
		assertThat(staged.level("L2").orElseThrow().monitorStart())
			.isEqualTo(new MonitorStart("at2-parent-meeting", 15));
		assertThat(staged.level("PANEL").orElseThrow().monitor()).isEqualTo(Period.schoolWeeks(5));
		assertThat(staged.level("PANEL").orElseThrow().monitorStart())
			.isEqualTo(new MonitorStart("attendance-panel", 15));
		Policy prevention = PolicyLoader.loadFile(POLICIES.resolve("prevention-early-intervention.yaml"));
		assertThat(prevention.level("PA").orElseThrow().monitor()).isEqualTo(Period.schoolDays(20));
		assertThat(prevention.level("PA").orElseThrow().monitorStart()).isNull();
	}

	private static List<String> recipients(Policy policy, String event) {
		return policy.events()
			.stream()
			.filter((e) -> e.id().equals(event))
			.flatMap((e) -> e.actions().stream())
			.map(ActionSpec::recipient)
			.toList();
	}

}
