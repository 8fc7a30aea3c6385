package org.attendancebridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.attendancebridge.action.PlannedAction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox: one row per action, written in the transaction of the decision that made it
 * due. An action whose dedupe key is already there is skipped, whatever replay, retry or
 * second node proposes it again; the skip does not abort the transaction (no constraint
 * is violated: the insert is conditional). Every state an action enters is appended to
 * the school's chain in the {@link ActionLog}, in the same transaction. An
 * {@link OutboxGate} (the dispatch rails) may hold a new action in {@code PROPOSED}: a
 * dry run, or a kind the school approves first.
 */
@Repository
public class OutboxStore {

	/** An action as the API lists it. */
	public record ActionRow(long id, String school, String pupilId, String rule, String kind, String recipient,
			String template, String state, String explanation, Instant createdAt) {
	}

	private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final ObjectProvider<OutboxGate> gate;

	private final ActionLog actionLog;

	public OutboxStore(NamedParameterJdbcTemplate jdbc, Clock clock, ObjectProvider<OutboxGate> gate,
			ActionLog actionLog) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.gate = gate;
		this.actionLog = actionLog;
	}

	/** Adds the actions not yet in the outbox; returns how many were new. */
	public int propose(List<PlannedAction> actions, String state) {
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		int added = 0;
		OutboxGate gate = this.gate.getIfAvailable(() -> OutboxGate.OPEN);
		for (PlannedAction action : actions) {
			OutboxGate.Admission admission = gate.admit(action, state);
			MapSqlParameterSource row = new MapSqlParameterSource().addValue("key", action.dedupeKey())
				.addValue("school", action.school())
				.addValue("pupil", action.pupilId())
				.addValue("policy", action.policy())
				.addValue("rule", action.rule())
				.addValue("kind", action.kind().id())
				.addValue("recipient", action.recipient())
				.addValue("template", action.template())
				.addValue("decided", action.decidedOn())
				.addValue("due", action.due())
				.addValue("state", admission.state())
				.addValue("held", admission.heldFor())
				.addValue("explanation", cut(action.explanation(), 2000))
				.addValue("payload", json(action))
				.addValue("now", now);
			int inserted = this.jdbc.update("insert into outbox (dedupe_key, school_id, pupil_id, policy_id, rule_id, "
					+ "kind, recipient, template, decided_on, due_on, state, held_for, explanation, payload, attempts, "
					+ "created_at, updated_at) select :key, :school, :pupil, :policy, :rule, :kind, :recipient, "
					+ ":template, :decided, :due, :state, :held, :explanation, :payload, 0, :now, :now where not exists "
					+ "(select 1 from outbox where dedupe_key = :key)", row);
			if (inserted == 1) {
				Long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = :key", row, Long.class);
				String note = (admission.note() == null) ? "" : " (" + admission.note() + ")";
				log(id, admission.state(), "proposed by " + action.policy() + " " + action.rule() + note + ": "
						+ cut(action.explanation(), 1500), now);
				added++;
			}
		}
		return added;
	}

	/**
	 * Appends a state an action entered to {@code action_log}, now. Dispatch calls it in
	 * the transaction that changes the row's state; every entry goes through here.
	 */
	public void log(long outboxId, String state, String detail) {
		log(outboxId, state, detail, OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
	}

	private void log(Long outboxId, String state, String detail, OffsetDateTime at) {
		this.actionLog.append(outboxId, state, cut(detail, 2000), at);
	}

	/** The newest actions first, of one school or all. */
	public List<ActionRow> list(String school, int limit) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("school", school).addValue("limit", limit);
		String where = (school == null) ? "" : "where school_id = :school ";
		return this.jdbc.query(
				"select id, school_id, pupil_id, rule_id, kind, recipient, template, state, "
						+ "explanation, created_at from outbox " + where + "order by id desc limit :limit",
				p, OutboxStore::actionRow);
	}

	/**
	 * Which actions to list: {@code schools} null for every school, an empty set for
	 * none; {@code school}, {@code pupilId} and {@code state} null for any.
	 */
	public record ActionFilter(Collection<String> schools, String school, String pupilId, String state) {
	}

	/** A page of the actions the filter selects, newest first. */
	public List<ActionRow> find(ActionFilter filter, int offset, int limit) {
		if (filter.schools() != null && filter.schools().isEmpty()) {
			return List.of();
		}
		MapSqlParameterSource p = filterParameters(filter).addValue("offset", offset).addValue("limit", limit);
		return this.jdbc.query("select id, school_id, pupil_id, rule_id, kind, recipient, template, state, "
				+ "explanation, created_at from outbox " + where(filter)
				+ "order by id desc limit :limit offset :offset", p, OutboxStore::actionRow);
	}

	/** How many actions the filter selects. */
	public long count(ActionFilter filter) {
		if (filter.schools() != null && filter.schools().isEmpty()) {
			return 0;
		}
		Long count = this.jdbc.queryForObject("select count(*) from outbox " + where(filter), filterParameters(filter),
				Long.class);
		return (count == null) ? 0 : count;
	}

	private static ActionRow actionRow(ResultSet rs, int row) throws SQLException {
		return new ActionRow(rs.getLong("id"), rs.getString("school_id"), rs.getString("pupil_id"),
				rs.getString("rule_id"), rs.getString("kind"), rs.getString("recipient"), rs.getString("template"),
				rs.getString("state"), rs.getString("explanation"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static MapSqlParameterSource filterParameters(ActionFilter filter) {
		return new MapSqlParameterSource().addValue("schools", filter.schools())
			.addValue("school", filter.school())
			.addValue("pupil", filter.pupilId())
			.addValue("state", filter.state());
	}

	private static String where(ActionFilter filter) {
		List<String> conditions = new ArrayList<>();
		if (filter.schools() != null) {
			conditions.add("school_id in (:schools)");
		}
		if (filter.school() != null) {
			conditions.add("school_id = :school");
		}
		if (filter.pupilId() != null) {
			conditions.add("pupil_id = :pupil");
		}
		if (filter.state() != null) {
			conditions.add("state = :state");
		}
		return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions) + " ";
	}

	/** Counts by state, for health and the dashboard. */
	public Map<String, Long> countByState() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.jdbc.query("select state, count(*) from outbox group by state", Map.of(), (rs) -> {
			counts.put(rs.getString(1), rs.getLong(2));
		});
		return counts;
	}

	/** The action a row's {@code payload} holds. */
	public static PlannedAction action(String payload) {
		try {
			return JSON.readValue(payload, PlannedAction.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot read an outbox payload: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String json(PlannedAction action) {
		try {
			return JSON.writeValueAsString(action);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot write action " + action.dedupeKey(), ex);
		}
	}

	private static String cut(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length - 3) + "...";
	}

}
