package org.attendancebridge.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Policy files written into a temporary folder (with a {@code templates/} folder beside
 * them) and loaded as the CLI and the adapter load them. Every error must read
 * {@code file:line: key: problem}.
 */
class PolicyLoaderTests {

	@TempDir
	Path dir;

	@BeforeEach
	void writeTemplates() throws IOException {
		write("templates/letters.yaml", //
				"letter-a:", //
				"  for: [letter]", //
				"  subject: Attendance", //
				"  text:", //
				"    en: \"Dear parent\"", //
				"    pl: \"Szanowni Pa\u0144stwo\"", //
				"amend-n:", //
				"  for: mark-amend", //
				"  text: {en: \"Unresolved N replaced by O\"}");
		write("templates/alerts.yaml", //
				"alert:", //
				"  for: [staff-alert, task, mis-note]", //
				"  text: {en: \"Please check\"}", //
				"text-first-day:", //
				"  for: [sms]", //
				"  text: {en: \"Your child is absent today\"}", //
				"meeting:", //
				"  for: [task]", //
				"  text: {en: \"Meet the family\"}");
	}

	@Test
	void aValidPolicyLoadsWithItsLevelsEventsAndSettings() throws IOException {
		Path file = write("test-school.yaml", //
				"id: test-school", //
				"name: Test School", //
				"seed: \"000\"", //
				"version: 2", //
				"description: a policy for tests", //
				"settings:", //
				"  minimumPossibleSessions: 10", //
				"  hoursPerSession: 3", //
				"  coolOffSchoolDays: 15", //
				"  registers: {am: \"8:45\", pm: \"13:15\"}", //
				"  yearStart: 09-01", //
				"levels:", //
				"  - id: L1", //
				"    title: Below 96%", //
				"    when: {attendance: {below: 96}}", //
				"    monitor: {schoolWeeks: 4}", //
				"    actions:", //
				"      - {kind: letter, recipient: parent, template: letter-a}", //
				"  - id: L2", //
				"    when: {attendance: {below: 92, atLeast: 90}}", //
				"    coolOffSchoolDays: 5", //
				"  - id: L3", //
				"    when:", //
				"      any:", //
				"        - attendance: {atMost: 90}", //
				"        - noImprovement: {from: L1, byMoreThan: 1}", //
				"events:", //
				"  - id: FIRST_DAY", //
				"    when: {firstDayOfAbsence: true}", //
				"    due: \"9:30\"", //
				"    actions:", //
				"      - {kind: sms, recipient: parent, template: text-first-day}", //
				"  - id: N_TO_O", //
				"    when: {unresolvedCode: {code: N, afterSchoolDays: 5}}", //
				"    actions:", //
				"      - {kind: mark-amend, recipient: mis, template: amend-n, amendTo: O}", //
				"  - id: NTI", //
				"    when: {sessions: {category: unauthorised, atLeast: 10, window: {schoolWeeks: 10}}}", //
				"    coolOffSchoolDays: 50", //
				"    actions:", //
				"      - {kind: staff-alert, recipient: attendance-officer, template: alert, copyTo: [head-of-year, dsl]}", //
				"  - id: SEND", //
				"    when: {all: [{cohort: send}, {enteredLevel: L2}]}", //
				"    actions:", //
				"      - {kind: task, recipient: senco, template: alert, dueInSchoolDays: 5}");
		Policy policy = PolicyLoader.loadFile(file);
		assertThat(policy.id()).isEqualTo("test-school");
		assertThat(policy.name()).isEqualTo("Test School");
		assertThat(policy.seed()).isEqualTo("000");
		assertThat(policy.version()).isEqualTo(2);
		assertThat(policy.source()).isEqualTo(file);
		assertThat(policy.settings())
			.isEqualTo(new PolicySettings(10, 3.0, 15, LocalTime.of(8, 45), LocalTime.of(13, 15), MonthDay.of(9, 1)));
		assertThat(policy.toolkit()).isEqualTo(Toolkit.DEFAULTS);
		assertThat(policy.toolkit()).isEqualTo(new Toolkit(97.0, 90.0, 10, 92.0));

		assertThat(policy.levels()).extracting(LevelRule::id).containsExactly("L1", "L2", "L3");
		assertThat(policy.rankOf("L3")).isEqualTo(2);
		assertThat(policy.rankOf("FIRST_DAY")).isEqualTo(-1);
		LevelRule l1 = policy.level("L1").orElseThrow();
		assertThat(l1.title()).isEqualTo("Below 96%");
		assertThat(l1.when()).isEqualTo(new Condition.Attendance(Condition.Comparison.BELOW, 96, null));
		assertThat(l1.monitor()).isEqualTo(Period.schoolWeeks(4));
		assertThat(l1.coolOffSchoolDays()).isEqualTo(15);
		assertThat(l1.line()).isEqualTo(13);
		assertThat(l1.actions())
			.containsExactly(new ActionSpec(ActionKind.LETTER, "parent", "letter-a", List.of(), null, null, null, 18));
		LevelRule l2 = policy.level("L2").orElseThrow();
		assertThat(l2.title()).isEqualTo("L2");
		assertThat(l2.coolOffSchoolDays()).isEqualTo(5);
		assertThat(l2.actions()).isEmpty();
		assertThat(l2.when())
			.isEqualTo(new Condition.All(List.of(new Condition.Attendance(Condition.Comparison.BELOW, 92, null),
					new Condition.Attendance(Condition.Comparison.AT_LEAST, 90, null))));
		assertThat(policy.level("L3").orElseThrow().when())
			.isEqualTo(new Condition.AnyOf(List.of(new Condition.Attendance(Condition.Comparison.AT_MOST, 90, null),
					new Condition.NoImprovement("L1", 1.0))));

		assertThat(policy.events()).extracting(EventRule::id).containsExactly("FIRST_DAY", "N_TO_O", "NTI", "SEND");
		EventRule firstDay = policy.events().get(0);
		assertThat(firstDay.when()).isEqualTo(new Condition.FirstDayOfAbsence());
		assertThat(firstDay.due()).isEqualTo(LocalTime.of(9, 30));
		assertThat(firstDay.coolOffSchoolDays()).isZero();
		assertThat(firstDay.line()).isEqualTo(28);
		EventRule nToO = policy.events().get(1);
		assertThat(nToO.when()).isEqualTo(new Condition.UnresolvedCode(DfeCode.N, 5));
		assertThat(nToO.actions().get(0).amendTo()).isEqualTo(DfeCode.O);
		assertThat(nToO.actions().get(0).kind()).isEqualTo(ActionKind.MARK_AMEND);
		EventRule nti = policy.events().get(2);
		assertThat(nti.coolOffSchoolDays()).isEqualTo(50);
		assertThat(nti.when()).isEqualTo(new Condition.SessionCount(Set.of(DfeCode.G, DfeCode.N, DfeCode.O, DfeCode.U),
				"unauthorised", 10, false, Period.schoolWeeks(10)));
		assertThat(nti.actions().get(0).copyTo()).containsExactly("head-of-year", "dsl");
		EventRule send = policy.events().get(3);
		assertThat(send.when()).isEqualTo(new Condition.All(
				List.of(new Condition.Cohort(Set.of(PupilFlag.SEND)), new Condition.EnteredLevel("L2"))));
		assertThat(send.actions().get(0).dueInSchoolDays()).isEqualTo(5);
	}

	@Test
	void aPolicyWithoutSettingsOrToolkitGetsTheDefaults() throws IOException {
		Path file = write("plain.yaml", //
				"id: plain", //
				"name: Plain", //
				"levels:", //
				"  - id: LOW", //
				"    when: {attendance: {below: 90}}");
		Policy policy = PolicyLoader.loadFile(file);
		assertThat(policy.settings()).isEqualTo(PolicySettings.DEFAULTS);
		assertThat(policy.settings())
			.isEqualTo(new PolicySettings(20, 3.25, 20, LocalTime.of(8, 50), LocalTime.of(13, 20), MonthDay.of(8, 1)));
		assertThat(policy.toolkit()).isEqualTo(Toolkit.DEFAULTS);
		assertThat(policy.version()).isEqualTo(1);
		assertThat(policy.seed()).isNull();
		assertThat(policy.events()).isEmpty();
	}

	@Test
	void aToolkitOverridesOnlyWhatItNames() throws IOException {
		Path file = write("rag.yaml", //
				"id: rag", //
				"name: Rag", //
				"toolkit: {greenAtLeast: 96, red10Size: 5}", //
				"levels:", //
				"  - id: LOW", //
				"    when: {attendance: {below: 90}}");
		assertThat(PolicyLoader.loadFile(file).toolkit()).isEqualTo(new Toolkit(96.0, 90.0, 5, 92.0));
	}

	@Test
	void loadFolderLoadsEveryPolicySortedByFileNameAndSkipsTheTemplates() throws IOException {
		write("b-school.yaml", "id: b-school", "name: B", "levels:", "  - id: LOW",
				"    when: {attendance: {below: 90}}");
		write("a-school.yaml", "id: a-school", "name: A", "levels:", "  - id: LOW",
				"    when: {attendance: {below: 90}}");
		write("notes.txt", "not a policy");
		assertThat(PolicyLoader.loadFolder(this.dir)).extracting(Policy::id).containsExactly("a-school", "b-school");
	}

	@Test
	void unknownKeyIsAnErrorNamingItsLine() throws IOException {
		Path file = write("typo.yaml", //
				"id: typo", //
				"name: Typo", //
				"levels:", //
				"  - id: L1", //
				"    thresold: 90", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 5, "levels[0].thresold", "unknown key 'thresold' (expected one of id, title, when,");
	}

	@Test
	void unknownKeyInsideAConditionIsAnError() throws IOException {
		Path file = write("typo.yaml", //
				"id: typo", //
				"name: Typo", //
				"levels:", //
				"  - id: L1", //
				"    when:", //
				"      attendance:", //
				"        bellow: 90");
		assertProblem(file, 7, "levels[0].when.attendance.bellow", "unknown key 'bellow'");
	}

	@Test
	void unknownTopLevelKeyIsAnError() throws IOException {
		Path file = write("typo.yaml", //
				"id: typo", //
				"name: Typo", //
				"setings:", //
				"  hoursPerSession: 3", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 3, "setings", "unknown key 'setings'");
	}

	@Test
	void thresholdAboveAHundredPercentIsAnError() throws IOException {
		Path file = write("over.yaml", //
				"id: over", //
				"name: Over", //
				"levels:", //
				"  - id: L1", //
				"    when:", //
				"      attendance:", //
				"        below: 120");
		assertProblem(file, 7, "levels[0].when.attendance.below", "threshold 120% is outside 0..100");
	}

	@Test
	void negativeThresholdIsAnError() throws IOException {
		Path file = write("under.yaml", //
				"id: under", //
				"name: Under", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {atLeast: -5}}");
		assertProblem(file, 5, "levels[0].when.attendance.atLeast", "threshold -5% is outside 0..100");
	}

	@Test
	void toolkitThresholdAboveAHundredPercentIsAnError() throws IOException {
		Path file = write("over.yaml", //
				"id: over", //
				"name: Over", //
				"toolkit:", //
				"  greenAtLeast: 120", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 4, "toolkit.greenAtLeast", "threshold 120% is outside 0..100");
	}

	@Test
	void notANumberIsNoThreshold() throws IOException {
		Path file = write("nan.yaml", //
				"id: nan", //
				"name: NaN", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: NaN}}");
		assertProblem(file, 5, "levels[0].when.attendance.below", "expected a number, not 'NaN'");
	}

	@Test
	void noImprovementFromAnUnknownLevelIsAnError() throws IOException {
		Path file = write("ni.yaml", //
				"id: ni", //
				"name: Ni", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 96}}", //
				"    monitor: {schoolWeeks: 4}", //
				"  - id: L2", //
				"    when:", //
				"      noImprovement: {from: L9}");
		assertProblem(file, 9, "levels[1].when.noImprovement.from", "unknown level 'L9'");
	}

	@Test
	void noImprovementFromALevelAboveIsAnError() throws IOException {
		Path file = write("ni.yaml", //
				"id: ni", //
				"name: Ni", //
				"levels:", //
				"  - id: L1", //
				"    when:", //
				"      noImprovement:", //
				"        from: L2", //
				"  - id: L2", //
				"    when: {attendance: {below: 90}}", //
				"    monitor: {schoolWeeks: 4}");
		assertProblem(file, 7, "levels[0].when.noImprovement.from",
				"a level escalates from a lower level; 'L2' is not below it");
	}

	@Test
	void noImprovementFromItselfIsAnError() throws IOException {
		Path file = write("ni.yaml", //
				"id: ni", //
				"name: Ni", //
				"levels:", //
				"  - id: L1", //
				"    when: {noImprovement: {from: L1}}", //
				"    monitor: {schoolWeeks: 4}");
		assertProblem(file, 5, "levels[0].when.noImprovement.from",
				"a level escalates from a lower level; 'L1' is not below it");
	}

	@Test
	void noImprovementFromALevelWithoutMonitorIsAnError() throws IOException {
		Path file = write("ni.yaml", //
				"id: ni", //
				"name: Ni", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 96}}", //
				"  - id: L2", //
				"    when:", //
				"      noImprovement: {from: L1, byMoreThan: 2}");
		assertProblem(file, 8, "levels[1].when.noImprovement.from", "level 'L1' has no 'monitor' period");
	}

	/** A level with a monitor and the given actions, and a level escalating from it. */
	private Path monitored(String monitor, String... actions) throws IOException {
		List<String> lines = new ArrayList<>(List.of("id: mon", "name: Mon", "levels:", "  - id: L1",
				"    when: {attendance: {below: 96}}", "    monitor: " + monitor, "    actions:"));
		for (String action : actions) {
			lines.add("      - " + action);
		}
		lines.addAll(List.of("  - id: L2", "    when: {noImprovement: {from: L1}}"));
		return write("mon.yaml", lines.toArray(String[]::new));
	}

	private static final String MEETING = "{kind: task, recipient: head-of-year, template: meeting, dueInSchoolDays: 5}";

	private static final String ALERT_TASK = "{kind: task, recipient: tutor, template: alert}";

	@Test
	void aMonitoringPeriodCanStartWhenTheLevelsTaskIsCompleted() throws IOException {
		Policy policy = PolicyLoader
			.loadFile(monitored("{schoolWeeks: 4, from: task-completed, waitForTaskSchoolDays: 10}", MEETING));
		LevelRule l1 = policy.level("L1").orElseThrow();
		assertThat(l1.monitor()).isEqualTo(Period.schoolWeeks(4));
		assertThat(l1.monitorStart()).isEqualTo(new MonitorStart("meeting", 10));
		// With several tasks, 'task' names the one; 'from: entry' is the default spelled
		// out.
		policy = PolicyLoader
			.loadFile(monitored("{schoolDays: 20, from: task-completed, task: meeting, waitForTaskSchoolDays: 5}",
					ALERT_TASK, MEETING));
		assertThat(policy.level("L1").orElseThrow().monitorStart()).isEqualTo(new MonitorStart("meeting", 5));
		policy = PolicyLoader.loadFile(monitored("{schoolWeeks: 4, from: entry}", MEETING));
		assertThat(policy.level("L1").orElseThrow().monitorStart()).isNull();
		assertThat(policy.level("L1").orElseThrow().monitor()).isEqualTo(Period.schoolWeeks(4));
	}

	@Test
	void aMonitoringPeriodStartsFromEntryOrTaskCompletedOnly() throws IOException {
		assertProblem(monitored("{schoolWeeks: 4, from: meeting-held, waitForTaskSchoolDays: 10}", MEETING), 6,
				"levels[0].monitor.from",
				"a monitoring period starts from 'entry' (the default) or 'task-completed', not 'meeting-held'");
	}

	@Test
	void aPeriodFromTaskCompletedNeedsATaskInTheLevel() throws IOException {
		assertProblem(
				monitored("{schoolWeeks: 4, from: task-completed, waitForTaskSchoolDays: 10}",
						"{kind: letter, recipient: parent, template: letter-a}"),
				6, "levels[0].monitor.from", "level 'L1' has no task action whose completion could start it");
	}

	@Test
	void aLevelWithSeveralTasksMustSayWhichStartsThePeriod() throws IOException {
		assertProblem(
				monitored("{schoolWeeks: 4, from: task-completed, waitForTaskSchoolDays: 10}", ALERT_TASK, MEETING), 6,
				"levels[0].monitor",
				"level 'L1' has several tasks: say which one starts the period with 'task' (alert, meeting)");
		assertProblem(
				monitored("{schoolWeeks: 4, from: task-completed, task: visit, waitForTaskSchoolDays: 10}", ALERT_TASK,
						MEETING),
				6, "levels[0].monitor.task", "'visit' is not a task of level 'L1' (its tasks: alert, meeting)");
	}

	@Test
	void aPeriodFromTaskCompletedSaysHowLongTheReviewWaits() throws IOException {
		assertProblem(monitored("{schoolWeeks: 4, from: task-completed}", MEETING), 6, "levels[0].monitor",
				"missing required key 'waitForTaskSchoolDays'");
		assertProblem(monitored("{schoolWeeks: 4, from: task-completed, waitForTaskSchoolDays: 3}", MEETING), 6,
				"levels[0].monitor.waitForTaskSchoolDays",
				"the review would stop waiting after 3 school days, before task 'meeting' is even due (5 school days)");
	}

	@Test
	void aPeriodCannotWaitForATaskOnlySomePupilsGet() throws IOException {
		assertProblem(
				monitored("{schoolWeeks: 4, from: task-completed, waitForTaskSchoolDays: 10}",
						"{kind: task, recipient: tutor, template: meeting, onlyIf: {cohort: send}}"),
				6, "levels[0].monitor.from", "task 'meeting' is made only for some pupils ('onlyIf')");
	}

	@Test
	void waitingForATaskBelongsToAPeriodFromTaskCompleted() throws IOException {
		assertProblem(monitored("{schoolWeeks: 4, waitForTaskSchoolDays: 10}", MEETING), 6,
				"levels[0].monitor.waitForTaskSchoolDays",
				"'waitForTaskSchoolDays' belongs to a monitor that starts 'from: task-completed'");
		assertProblem(monitored("{from: task-completed, waitForTaskSchoolDays: 10}", MEETING), 6, "levels[0].monitor",
				"a period is either 'schoolWeeks: N' or 'schoolDays: N'");
	}

	@Test
	void noImprovementInAnEventIsAnError() throws IOException {
		Path file = write("ni.yaml", //
				"id: ni", //
				"name: Ni", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 96}}", //
				"    monitor: {schoolWeeks: 4}", //
				"events:", //
				"  - id: E", //
				"    when:", //
				"      noImprovement: {from: L1}", //
				"    actions:", //
				"      - {kind: letter, recipient: parent, template: letter-a}");
		assertProblem(file, 10, "events[0].when.noImprovement", "noImprovement belongs in a level's 'when'");
	}

	@Test
	void missingTemplateIsAnError() throws IOException {
		Path file = write("tpl.yaml", //
				"id: tpl", //
				"name: Tpl", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - kind: letter", //
				"        recipient: parent", //
				"        template: letter-z");
		assertProblem(file, 9, "events[0].actions[0].template", "template 'letter-z' is not defined in templates/");
	}

	@Test
	void templateNotMeantForTheActionKindIsAnError() throws IOException {
		Path file = write("tpl.yaml", //
				"id: tpl", //
				"name: Tpl", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - {kind: letter, recipient: parent, template: letter-a}", //
				"      - kind: sms", //
				"        recipient: parent", //
				"        template: letter-a");
		assertProblem(file, 10, "events[0].actions[1].template", "template 'letter-a' is not meant for sms actions");
	}

	@Test
	void withoutATemplatesFolderEveryTemplateIsMissing() throws IOException {
		Path elsewhere = Files.createDirectories(this.dir.resolve("elsewhere"));
		Path file = Files.writeString(elsewhere.resolve("tpl.yaml"), String.join("\n", //
				"id: tpl", //
				"name: Tpl", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - {kind: letter, recipient: parent, template: letter-a}", //
				""));
		assertProblem(file, 7, "events[0].actions[0].template", "template 'letter-a' is not defined");
	}

	@Test
	void unknownActionKindIsAnError() throws IOException {
		Path file = write("kind.yaml", //
				"id: kind", //
				"name: Kind", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - kind: email", //
				"        recipient: parent", //
				"        template: letter-a");
		assertProblem(file, 7, "events[0].actions[0].kind",
				"unknown action kind 'email' (expected one of mis-note, mark-amend, staff-alert, sms, letter, task,"
						+ " cpoms-concern, la-referral)");
	}

	@Test
	void unknownRecipientIsAnError() throws IOException {
		Path file = write("who.yaml", //
				"id: who", //
				"name: Who", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - kind: staff-alert", //
				"        recipient: headteacher", //
				"        template: alert");
		assertProblem(file, 8, "events[0].actions[0].recipient", "unknown recipient 'headteacher' (expected one of");
	}

	@Test
	void unknownRecipientInCopyToIsAnError() throws IOException {
		Path file = write("who.yaml", //
				"id: who", //
				"name: Who", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - kind: staff-alert", //
				"        recipient: tutor", //
				"        template: alert", //
				"        copyTo:", //
				"          - head-of-year", //
				"          - caretaker");
		assertProblem(file, 12, "events[0].actions[0].copyTo[1]", "unknown recipient 'caretaker'");
	}

	@Test
	void unknownCohortIsAnError() throws IOException {
		Path file = write("cohort.yaml", //
				"id: cohort", //
				"name: Cohort", //
				"events:", //
				"  - id: E", //
				"    when:", //
				"      cohort: [send, gifted]", //
				"    actions:", //
				"      - {kind: staff-alert, recipient: senco, template: alert}");
		assertProblem(file, 6, "events[0].when.cohort[1]",
				"unknown cohort 'gifted' (expected send, pupil-premium, vulnerable or eal)");
	}

	@Test
	void unknownCodeInTodayCodeIsAnError() throws IOException {
		Path file = write("code.yaml", //
				"id: code", //
				"name: Code", //
				"events:", //
				"  - id: E", //
				"    when:", //
				"      todayCode:", //
				"        anyOf:", //
				"          - O", //
				"          - Q9", //
				"    actions:", //
				"      - {kind: staff-alert, recipient: tutor, template: alert}");
		assertProblem(file, 9, "events[0].when.todayCode.anyOf[1]", "unknown register code 'Q9'");
	}

	@Test
	void legacyCodeInAmendToIsAnError() throws IOException {
		Path file = write("amend.yaml", //
				"id: amend", //
				"name: Amend", //
				"events:", //
				"  - id: N_TO_H", //
				"    when: {unresolvedCode: {code: N, afterSchoolDays: 5}}", //
				"    actions:", //
				"      - kind: mark-amend", //
				"        recipient: mis", //
				"        template: amend-n", //
				"        amendTo: H");
		assertProblem(file, 10, "events[0].actions[0].amendTo", "legacy code 'H' is not valid");
	}

	@Test
	void markAmendWithoutAmendToIsAnError() throws IOException {
		Path file = write("amend.yaml", //
				"id: amend", //
				"name: Amend", //
				"events:", //
				"  - id: N_TO_O", //
				"    when: {unresolvedCode: {code: N, afterSchoolDays: 5}}", //
				"    actions:", //
				"      - kind: mark-amend", //
				"        recipient: mis", //
				"        template: amend-n");
		assertProblem(file, 7, "events[0].actions[0]", "a mark-amend action needs 'amendTo'");
	}

	@Test
	void amendToOnAnotherKindIsAnError() throws IOException {
		Path file = write("amend.yaml", //
				"id: amend", //
				"name: Amend", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - kind: letter", //
				"        recipient: parent", //
				"        template: letter-a", //
				"        amendTo: O");
		assertProblem(file, 10, "events[0].actions[0].amendTo", "'amendTo' belongs to mark-amend actions only");
	}

	@Test
	void duplicateRuleIdAcrossLevelsAndEventsIsAnError() throws IOException {
		Path file = write("dup.yaml", //
				"id: dup", //
				"name: Dup", //
				"levels:", //
				"  - id: PA", //
				"    when: {attendance: {atMost: 90}}", //
				"events:", //
				"  - id: PA", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions:", //
				"      - {kind: letter, recipient: parent, template: letter-a}");
		assertProblem(file, 7, "events[0].id", "rule id 'PA' is used twice");
	}

	@Test
	void duplicateEventIdIsAnError() throws IOException {
		Path file = write("dup.yaml", //
				"id: dup", //
				"name: Dup", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions: [{kind: letter, recipient: parent, template: letter-a}]", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions: [{kind: letter, recipient: parent, template: letter-a}]");
		assertProblem(file, 7, "events[1].id", "rule id 'E' is used twice");
	}

	@Test
	void conditionWithTwoKeysIsAnError() throws IOException {
		Path file = write("two.yaml", //
				"id: two", //
				"name: Two", //
				"levels:", //
				"  - id: L1", //
				"    when:", //
				"      attendance: {below: 90}", //
				"      cohort: send");
		assertProblem(file, 6, "levels[0].when",
				"a condition has exactly one key (combine several with 'all' or 'any'), found 2");
	}

	@Test
	void eventWithoutActionsIsAnError() throws IOException {
		Path file = write("quiet.yaml", //
				"id: quiet", //
				"name: Quiet", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}");
		assertProblem(file, 4, "events[0]", "event 'E' has no actions");
	}

	@Test
	void eventWithAnEmptyActionListIsAnError() throws IOException {
		Path file = write("quiet.yaml", //
				"id: quiet", //
				"name: Quiet", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}", //
				"events:", //
				"  - id: E", //
				"    when: {firstDayOfAbsence: true}", //
				"    actions: []");
		assertProblem(file, 7, "events[0]", "event 'E' has no actions");
	}

	@Test
	void idNotMatchingTheFileNameIsAnError() throws IOException {
		Path file = write("school-a.yaml", //
				"id: school-b", //
				"name: School", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 1, "id", "id 'school-b' does not match the file name 'school-a.yaml'");
	}

	@Test
	void missingRequiredKeyIsAnErrorAtItsParent() throws IOException {
		Path file = write("nameless.yaml", //
				"id: nameless", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 1, "", "missing required key 'name'");
	}

	@Test
	void invalidYamlIsAnErrorAtTheLineOfTheProblem() throws IOException {
		Path file = write("broken.yaml", //
				"id: broken", //
				"name: Broken", //
				"levels:", //
				"  - id: L1", //
				"    title: Below: 90", //
				"    when: {attendance: {below: 90}}");
		assertProblem(file, 5, "", "not valid YAML: mapping values are not allowed here");
	}

	@Test
	void anUnclosedQuoteIsInvalidYaml() throws IOException {
		Path file = write("broken.yaml", //
				"id: broken", //
				"name: \"Broken", //
				"levels: []");
		PolicyException error = failure(file);
		assertThat(error.getMessage()).startsWith(file + ":").contains(": not valid YAML: ").doesNotContain("\n");
		assertThat(error.line()).isBetween(2, 4);
	}

	@Test
	void anEmptyFileIsAnError() throws IOException {
		Path file = write("empty.yaml");
		assertProblem(file, 1, "", "the file is empty");
	}

	@Test
	void aFileOfOnlyCommentsIsEmpty() throws IOException {
		Path file = write("empty.yaml", "# nothing here yet", "");
		assertProblem(file, 1, "", "the file is empty");
	}

	@Test
	void aPolicyThatIsNotAMappingIsAnError() throws IOException {
		Path file = write("list.yaml", "- id: list", "- name: List");
		assertProblem(file, 1, "", "expected a mapping of keys to values");
	}

	@Test
	void aPolicyWithoutLevelsOrEventsIsAnError() throws IOException {
		Path file = write("hollow.yaml", "id: hollow", "name: Hollow", "levels: []");
		assertProblem(file, 1, "", "a policy needs at least one level or event");
	}

	@Test
	void duplicateYamlKeysAreAnError() throws IOException {
		Path file = write("twice.yaml", //
				"id: twice", //
				"name: Twice", //
				"name: Twice again", //
				"levels:", //
				"  - id: L1", //
				"    when: {attendance: {below: 90}}");
		PolicyException error = failure(file);
		assertThat(error.getMessage()).startsWith(file + ":3: ").contains("name");
	}

	@Test
	void aBillionLaughsAliasBombIsRefused() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("id: bomb");
		lines.add("name: Bomb");
		lines.add("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
		for (int i = 1; i < 10; i++) {
			String previous = "*lol" + (i - 1);
			lines.add("lol" + i + ": &lol" + i + " [" + String.join(", ", Collections.nCopies(9, previous)) + "]");
		}
		lines.add("levels:");
		lines.add("  - id: L1");
		lines.add("    when: {attendance: {below: 90}}");
		Path file = write("bomb.yaml", lines.toArray(String[]::new));
		PolicyException error = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(file));
		assertThat(error.getMessage()).startsWith(file + ":").contains("not valid YAML").doesNotContain("\n");
	}

	@Test
	void anAliasBombInsideAConditionIsRefused() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("id: bomb");
		lines.add("name: Bomb");
		lines.add("levels:");
		lines.add("  - id: L1");
		lines.add("    when:");
		lines.add("      any:");
		lines.add("        - &c0 {attendance: {below: 90}}");
		for (int i = 1; i < 30; i++) {
			lines.add("        - &c" + i + " {any: [*c" + (i - 1) + ", *c" + (i - 1) + "]}");
		}
		Path file = write("bomb.yaml", lines.toArray(String[]::new));
		PolicyException error = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(file));
		assertThat(error.getMessage()).startsWith(file + ":").doesNotContain("\n");
	}

	@Test
	void aFewAliasesAreAllowed() throws IOException {
		Path file = write("alias.yaml", //
				"id: alias", //
				"name: Alias", //
				"events:", //
				"  - id: E", //
				"    when: &absent {firstDayOfAbsence: true}", //
				"    actions: &letter [{kind: letter, recipient: parent, template: letter-a}]", //
				"  - id: F", //
				"    when: *absent", //
				"    actions: *letter");
		assertThat(PolicyLoader.loadFile(file).events()).hasSize(2);
	}

	@Test
	void aSelfReferencingAliasIsRefused() throws IOException {
		Path file = write("loop.yaml", //
				"id: loop", //
				"name: Loop", //
				"levels:", //
				"  - id: L1", //
				"    when: &loop {not: *loop}");
		PolicyException error = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(file));
		assertThat(error.getMessage()).startsWith(file + ":");
	}

	private Path write(String name, String... lines) throws IOException {
		Path file = this.dir.resolve(name);
		Files.createDirectories(file.getParent());
		String text = (lines.length == 0) ? "" : String.join("\n", lines) + "\n";
		return Files.writeString(file, text, StandardCharsets.UTF_8);
	}

	private static PolicyException failure(Path file) {
		return assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> PolicyLoader.loadFile(file)).actual();
	}

	/** Asserts the one-line {@code file:line: key: problem} shape and its parts. */
	private static void assertProblem(Path file, int line, String key, String problem) {
		PolicyException error = failure(file);
		String prefix = file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ");
		assertThat(error.getMessage()).startsWith(prefix + problem).doesNotContain("\n");
		assertThat(error.file()).isEqualTo(file);
		assertThat(error.line()).isEqualTo(line);
		assertThat(error.key()).isEqualTo(key);
	}

}
