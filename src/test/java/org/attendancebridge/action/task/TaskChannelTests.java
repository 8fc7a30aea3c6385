package org.attendancebridge.action.task;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.DispatchProperties;
import org.attendancebridge.action.dispatch.DispatchStore;
import org.attendancebridge.action.dispatch.Dispatcher;
import org.attendancebridge.action.dispatch.GatewayMonitor;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.ActionLog;
import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.store.StaffRoleStore;
import org.attendancebridge.store.TestDatabase;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task channel on a real database: one task per action whatever is retried or
 * reconciled, its owner from the school's staff roles (or the role alone), its due date,
 * and its completion in the action log chain.
 */
abstract class TaskChannelTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-12T16:00:00Z"), ZoneOffset.UTC);

	private static final LocalDate DUE = LocalDate.of(2024, 11, 18);

	private TestDatabase db;

	private TaskStore tasks;

	private TaskChannel channel;

	private Dispatcher dispatcher;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void schoolWithOnePupilAndItsStaff() {
		this.db = TestDatabase.create(kind());
		this.db.stJohnsWithOnePupil(CLOCK);
		StaffRoleStore roles = new StaffRoleStore(this.db.jdbc());
		roles.replaceAll("st-johns",
				List.of(new StaffRole("tutor", "arbor-staff-9b", "t9b@example.org", "9B"),
						new StaffRole("tutor", "arbor-staff-9c", "t9c@example.org", "9C"),
						new StaffRole("head-of-year", "arbor-staff-y9", null, "9"),
						new StaffRole("head-of-year", "arbor-staff-y10", null, "10")));
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.db.dataSource());
		this.tasks = new TaskStore(this.db.jdbc(), this.db.actionLog(), transactions);
		this.channel = new TaskChannel(TemplateCatalog.load(Path.of("policies", "templates")), this.tasks, roles,
				new PupilLookup(this.db.jdbc()), CLOCK);
		DispatchStore store = new DispatchStore(this.db.jdbc(), this.db.outbox(CLOCK), CLOCK, transactions);
		this.dispatcher = new Dispatcher(List.of(this.channel), List.of(), store,
				new DispatchProperties("test-node", 10, 1, Map.of(), Duration.ofMinutes(2), Duration.ofSeconds(30),
						Duration.ofHours(1), 5, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(20)),
				new GatewayMonitor(CLOCK, new SimpleMeterRegistry()));
	}

	private OutboxAction propose(String pupil, String role, String template, LocalDate due) {
		PlannedAction planned = SampleActions.task("st-johns", pupil, "AC5", role, template, due,
				List.of("attendance-officer"));
		return this.db.proposed(planned, CLOCK);
	}

	private Map<String, Object> row(OutboxAction action) {
		return this.db.jdbc()
			.queryForMap("select state, provider_id from outbox where id = :id", Map.of("id", action.id()));
	}

	private long taskCount() {
		return this.db.jdbc().queryForObject("select count(*) from task", Map.of(), Long.class);
	}

	@Test
	void theDispatcherMakesOneTaskOwnedByTheTutorOfThePupilsGroupDueWhenThePolicySaid() {
		OutboxAction action = propose("arbor-1001", "tutor", "home-visit", DUE);
		assertThat(this.channel.find(action)).isEmpty();
		this.dispatcher.run();
		this.dispatcher.run();
		List<TaskStore.TaskRow> open = this.tasks.find(new TaskStore.TaskFilter(null, "st-johns", false), 0, 50);
		assertThat(open).hasSize(1);
		TaskStore.TaskRow task = open.get(0);
		assertThat(row(action)).containsEntry("state", "SENT").containsEntry("provider_id", "task-" + task.id());
		assertThat(task.actionId()).isEqualTo(action.id());
		assertThat(task.pupilId()).isEqualTo("arbor-1001");
		assertThat(task.ownerRole()).isEqualTo("tutor");
		assertThat(task.ownerStaff()).containsExactly("arbor-staff-9b");
		assertThat(task.dueOn()).isEqualTo(DUE);
		assertThat(task.createdAt()).isEqualTo(CLOCK.instant());
		assertThat(task.state()).isEqualTo("open");
		assertThat(task.details())
			.contains("Arrange a welfare (home) visit", "below 90%", "rule AC5", "Copy to: attendance-officer")
			.doesNotContain("A123456789012");
		assertThat(this.tasks.find(new TaskStore.TaskFilter(null, "st-johns", true), 0, 50)).isEmpty();
		assertThat(this.tasks.forPupil("st-johns", "arbor-1001")).containsExactly(task);
	}

	@Test
	void aHeadOfYearIsFoundByYearAndARoleNobodyHoldsOwnsTheTaskAlone() {
		OutboxAction hoy = propose("arbor-1001", "head-of-year", "re-engagement-plan", DUE);
		Delivery toHoy = this.channel.deliver(hoy);
		assertThat(toHoy.outcome()).isEqualTo(Delivery.Outcome.SENT);
		TaskStore.TaskRow hoyTask = this.tasks.get(this.tasks.forAction(hoy.id()).orElseThrow()).orElseThrow();
		assertThat(hoyTask.ownerStaff()).containsExactly("arbor-staff-y9");

		// No due date from the policy: due the day the rule fired.
		OutboxAction officer = propose("arbor-1001", "attendance-officer", "pa-close-monitoring", null);
		Delivery toOfficer = this.channel.deliver(officer);
		assertThat(toOfficer.outcome()).isEqualTo(Delivery.Outcome.SENT);
		assertThat(toOfficer.detail()).contains("nobody holds it yet");
		TaskStore.TaskRow officerTask = this.tasks.get(this.tasks.forAction(officer.id()).orElseThrow()).orElseThrow();
		assertThat(officerTask.ownerRole()).isEqualTo("attendance-officer");
		assertThat(officerTask.ownerStaff()).isEmpty();
		assertThat(officerTask.dueOn()).isEqualTo(SampleActions.DAY);
	}

	@Test
	void aRetryOrAReconciliationFindsTheTaskAlreadyMade() {
		OutboxAction action = propose("arbor-1001", "tutor", "significant-adult-meeting", DUE);
		// A node made the task and died before it could record SENT.
		Delivery first = this.channel.deliver(action);
		this.db.jdbc()
			.update("update outbox set state = 'IN_DOUBT', next_attempt_at = null where id = :id",
					Map.of("id", action.id()));
		this.dispatcher.run();
		assertThat(row(action)).containsEntry("state", "SENT").containsEntry("provider_id", first.providerId());
		// A retry of the same action (after a failure to record its outcome) makes
		// nothing new.
		Delivery again = this.channel.deliver(new OutboxAction(action.id(), action.reference(), action.planned(), 1));
		assertThat(again.outcome()).isEqualTo(Delivery.Outcome.SENT);
		assertThat(again.providerId()).isEqualTo(first.providerId());
		assertThat(this.channel.find(action)).hasValueSatisfying((found) -> {
			assertThat(found.outcome()).isEqualTo(Delivery.Outcome.SENT);
			assertThat(found.providerId()).isEqualTo(first.providerId());
		});
		assertThat(taskCount()).isEqualTo(1);
	}

	@Test
	void aPupilTheStoreDoesNotKnowFailsWithoutATask() {
		OutboxAction action = propose("arbor-9999", "tutor", "home-visit", DUE);
		Delivery delivery = this.channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.FAILED);
		assertThat(delivery.detail()).contains("arbor-9999");
		assertThat(taskCount()).isZero();
	}

	@Test
	void aCompletionIsKeptOnceAndJoinsTheSchoolsActionLogChain() {
		OutboxAction action = propose("arbor-1001", "tutor", "home-visit", DUE);
		long id = this.tasks.forAction(action.id())
			.orElseGet(() -> Long.parseLong(this.channel.deliver(action).providerId().substring("task-".length())));
		Instant at = Instant.parse("2024-11-14T10:30:00Z");
		TaskStore.TaskRow done = this.tasks.complete(id, "alice", "Visited; parent will call the school", at)
			.orElseThrow();
		assertThat(done.state()).isEqualTo("done");
		assertThat(done.completedAt()).isEqualTo(at);
		assertThat(done.completedBy()).isEqualTo("alice");
		assertThat(done.outcome()).isEqualTo("Visited; parent will call the school");
		assertThat(this.tasks.complete(id, "bob", "again", at.plusSeconds(60))).isEmpty();
		assertThat(this.tasks.get(id).orElseThrow().completedBy()).isEqualTo("alice");
		List<ActionLog.StoredEntry> entries = this.db.actionLog().entriesAbout("st-johns", "arbor-1001");
		ActionLog.StoredEntry last = entries.get(entries.size() - 1);
		assertThat(last.state()).isEqualTo(TaskStore.COMPLETED);
		assertThat(last.actor()).isEqualTo("alice");
		assertThat(last.outboxId()).isEqualTo(action.id());
		assertThat(last.at()).isEqualTo(at);
		assertThat(last.detail()).contains("task " + id, "home-visit", "Visited; parent will call the school");
		assertThat(entries).filteredOn((e) -> e.state().equals(TaskStore.COMPLETED)).hasSize(1);
		assertThat(new ActionLogCheck(this.db.dataSource()).check("st-johns").ok()).isTrue();
	}

}
