package org.attendancebridge.action.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.attendancebridge.store.ActionLog;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tracked tasks (table {@code task}): the meetings, calls and visits the policies ask
 * staff to arrange, one per outbox action, so a retried delivery finds the task it
 * already made instead of making another. A task is open until someone completes it; the
 * completion (who, when, the outcome) is appended to the school's action log chain in the
 * same transaction, so it is evidence like everything else done about a pupil.
 */
@Repository
public class TaskStore {

	/** The state the action log records for a completed task. */
	public static final String COMPLETED = "COMPLETED";

	/**
	 * A task as the API and the evidence pack show it.
	 *
	 * @param actionId the outbox action that made it
	 * @param ownerRole the role the policy names
	 * @param ownerStaff the staff ids holding the role for the pupil when it was made;
	 * empty when nobody did, and the role alone owns it
	 * @param state {@code open} or {@code done}
	 */
	public record TaskRow(long id, long actionId, String school, String pupilId, String rule, String template,
			String ownerRole, List<String> ownerStaff, LocalDate dueOn, String details, Instant createdAt,
			Instant completedAt, String completedBy, String outcome, String state) {

		public boolean done() {
			return this.completedAt != null;
		}

	}

	/** A task to make for an outbox action. */
	public record NewTask(long actionId, String school, String pupilId, String rule, String template, String ownerRole,
			List<String> ownerStaff, LocalDate dueOn, String details) {
	}

	/**
	 * Which tasks to list: {@code schools} null for every school, an empty set for none;
	 * {@code school} null for any; {@code done} null for both open and done;
	 * {@code ownerRole} null for any role; {@code dueBy} null for any due date, otherwise
	 * tasks due on or before that day.
	 */
	public record TaskFilter(Collection<String> schools, String school, Boolean done, String ownerRole,
			LocalDate dueBy) {

		public TaskFilter(Collection<String> schools, String school, Boolean done) {
			this(schools, school, done, null, null);
		}

	}

	private static final String COLUMNS = "select id, outbox_id, school_id, pupil_id, rule_id, template, owner_role, "
			+ "owner_staff, due_on, details, created_at, completed_at, completed_by, outcome from task ";

	private final NamedParameterJdbcTemplate jdbc;

	private final ActionLog actionLog;

	private final TransactionTemplate tx;

	public TaskStore(NamedParameterJdbcTemplate jdbc, ActionLog actionLog, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.actionLog = actionLog;
		this.tx = new TransactionTemplate(transactions);
	}

	/** Keeps the task unless the action already has one; returns the action's task id. */
	public long save(NewTask task, Instant at) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("outbox", task.actionId())
			.addValue("school", task.school())
			.addValue("pupil", task.pupilId())
			.addValue("rule", task.rule())
			.addValue("template", task.template())
			.addValue("role", task.ownerRole())
			.addValue("staff", task.ownerStaff().isEmpty() ? null : String.join(",", task.ownerStaff()))
			.addValue("due", task.dueOn())
			.addValue("details", cut(task.details(), 4000))
			.addValue("at", utc(at));
		this.jdbc.update("insert into task (outbox_id, school_id, pupil_id, rule_id, template, owner_role, "
				+ "owner_staff, due_on, details, created_at) select :outbox, :school, :pupil, :rule, :template, :role, "
				+ ":staff, :due, :details, :at where not exists (select 1 from task where outbox_id = :outbox)", p);
		return forAction(task.actionId()).orElseThrow();
	}

	/** The task made for an outbox action, if any. */
	public Optional<Long> forAction(long outboxId) {
		return this.jdbc
			.queryForList("select id from task where outbox_id = :outbox", Map.of("outbox", outboxId), Long.class)
			.stream()
			.findFirst();
	}

	public Optional<TaskRow> get(long id) {
		return this.jdbc.query(COLUMNS + "where id = :id", Map.of("id", id), TaskStore::row).stream().findFirst();
	}

	/** A page of the tasks the filter selects: soonest due first, then oldest. */
	public List<TaskRow> find(TaskFilter filter, int offset, int limit) {
		if (filter.schools() != null && filter.schools().isEmpty()) {
			return List.of();
		}
		MapSqlParameterSource p = parameters(filter).addValue("offset", offset).addValue("limit", limit);
		return this.jdbc.query(COLUMNS + where(filter) + "order by due_on, id limit :limit offset :offset", p,
				TaskStore::row);
	}

	public long count(TaskFilter filter) {
		if (filter.schools() != null && filter.schools().isEmpty()) {
			return 0;
		}
		Long count = this.jdbc.queryForObject("select count(*) from task " + where(filter), parameters(filter),
				Long.class);
		return (count == null) ? 0 : count;
	}

	/**
	 * The roles that own tasks of some schools ({@code schools} null for every school),
	 * in name order: what a list of tasks can be narrowed to.
	 */
	public List<String> ownerRoles(Collection<String> schools) {
		if (schools != null && schools.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.queryForList(
					"select distinct owner_role from task "
							+ ((schools == null) ? "" : "where school_id in (:schools) ") + "order by owner_role",
					new MapSqlParameterSource("schools", schools), String.class);
	}

	/** Every task about one pupil, oldest first. */
	public List<TaskRow> forPupil(String school, String pupilId) {
		return this.jdbc.query(COLUMNS + "where school_id = :school and pupil_id = :pupil order by id",
				Map.of("school", school, "pupil", pupilId), TaskStore::row);
	}

	/**
	 * Completes an open task and appends the completion to the school's action log chain,
	 * both in one transaction.
	 * @return the completed task, or empty if it was already complete (or is unknown)
	 */
	public Optional<TaskRow> complete(long id, String by, String outcome, Instant at) {
		return this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", id)
				.addValue("by", by)
				.addValue("outcome", cut(outcome, 2000))
				.addValue("at", utc(at));
			int changed = this.jdbc.update("update task set completed_at = :at, completed_by = :by, "
					+ "outcome = :outcome where id = :id and completed_at is null", p);
			if (changed != 1) {
				return Optional.<TaskRow>empty();
			}
			TaskRow task = get(id).orElseThrow();
			this.actionLog.append(task.actionId(), by, COMPLETED, cut("task " + id + " (" + task.template() + ", owner "
					+ task.ownerRole() + ", due " + task.dueOn() + ") completed: " + outcome, 2000), utc(at));
			return Optional.of(task);
		});
	}

	private static MapSqlParameterSource parameters(TaskFilter filter) {
		return new MapSqlParameterSource().addValue("schools", filter.schools())
			.addValue("school", filter.school())
			.addValue("role", filter.ownerRole())
			.addValue("due", filter.dueBy());
	}

	private static String where(TaskFilter filter) {
		List<String> conditions = new ArrayList<>();
		if (filter.schools() != null) {
			conditions.add("school_id in (:schools)");
		}
		if (filter.school() != null) {
			conditions.add("school_id = :school");
		}
		if (filter.done() != null) {
			conditions.add(filter.done() ? "completed_at is not null" : "completed_at is null");
		}
		if (filter.ownerRole() != null) {
			conditions.add("owner_role = :role");
		}
		if (filter.dueBy() != null) {
			conditions.add("due_on <= :due");
		}
		return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions) + " ";
	}

	private static TaskRow row(ResultSet rs, int n) throws SQLException {
		String staff = rs.getString("owner_staff");
		Instant completed = instant(rs.getObject("completed_at", OffsetDateTime.class));
		return new TaskRow(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("school_id"),
				rs.getString("pupil_id"), rs.getString("rule_id"), rs.getString("template"), rs.getString("owner_role"),
				(staff == null) ? List.of() : Arrays.asList(staff.split(",")), rs.getObject("due_on", LocalDate.class),
				rs.getString("details"), instant(rs.getObject("created_at", OffsetDateTime.class)), completed,
				rs.getString("completed_by"), rs.getString("outcome"), (completed == null) ? "open" : "done");
	}

	private static Instant instant(OffsetDateTime time) {
		return (time == null) ? null : time.toInstant();
	}

	private static OffsetDateTime utc(Instant at) {
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

	private static String cut(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length - 3) + "...";
	}

}
