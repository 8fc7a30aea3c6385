package org.attendancebridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.attendancebridge.action.PlannedAction;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox: one row per action, written in the transaction of the decision that made it
 * due. An action whose dedupe key is already there is skipped, whatever replay, retry or
 * second node proposes it again; the skip does not abort the transaction (no constraint
 * is violated: the insert is conditional). Every state an action enters is appended to
 * the school's chain in the {@link ActionLog}, in the same transaction.
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

	private final ActionLog actionLog;

	public OutboxStore(NamedParameterJdbcTemplate jdbc, Clock clock, ActionLog actionLog) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.actionLog = actionLog;
	}

	/** Adds the actions not yet in the outbox; returns how many were new. */
	public int propose(List<PlannedAction> actions, String state) {
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		int added = 0;
		for (PlannedAction action : actions) {
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
				.addValue("state", state)
				.addValue("explanation", cut(action.explanation(), 2000))
				.addValue("payload", json(action))
				.addValue("now", now);
			int inserted = this.jdbc.update("insert into outbox (dedupe_key, school_id, pupil_id, policy_id, rule_id, "
					+ "kind, recipient, template, decided_on, due_on, state, explanation, payload, attempts, created_at, "
					+ "updated_at) select :key, :school, :pupil, :policy, :rule, :kind, :recipient, :template, "
					+ ":decided, :due, :state, :explanation, :payload, 0, :now, :now where not exists "
					+ "(select 1 from outbox where dedupe_key = :key)", row);
			if (inserted == 1) {
				Long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = :key", row, Long.class);
				log(id, state,
						"proposed by " + action.policy() + " " + action.rule() + ": " + cut(action.explanation(), 1500),
						now);
				added++;
			}
		}
		return added;
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
				p,
				(rs, n) -> new ActionRow(rs.getLong("id"), rs.getString("school_id"), rs.getString("pupil_id"),
						rs.getString("rule_id"), rs.getString("kind"), rs.getString("recipient"),
						rs.getString("template"), rs.getString("state"), rs.getString("explanation"),
						rs.getObject("created_at", OffsetDateTime.class).toInstant()));
	}

	/** Counts by state, for health and the dashboard. */
	public Map<String, Long> countByState() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.jdbc.query("select state, count(*) from outbox group by state", Map.of(), (rs) -> {
			counts.put(rs.getString(1), rs.getLong(2));
		});
		return counts;
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
