package org.attendancebridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.attendancebridge.action.PlannedAction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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

	/** Keys in one {@code in} list: within every database's limit on parameters. */
	private static final int KEYS_PER_QUERY = 500;

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

	/**
	 * Adds the actions not yet in the outbox; returns how many were new. A school's poll
	 * proposes every action due today again and again, so the keys already there are
	 * found with one query, and the new rows and their log entries are written in batches
	 * (the school's chain is locked once, not once per action).
	 */
	public int propose(List<PlannedAction> actions, String state) {
		Map<String, PlannedAction> byKey = new LinkedHashMap<>();
		actions.forEach((action) -> byKey.putIfAbsent(action.dedupeKey(), action));
		existingIds(byKey.keySet()).keySet().forEach(byKey::remove);
		if (byKey.isEmpty()) {
			return 0;
		}
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		OutboxGate gate = this.gate.getIfAvailable(() -> OutboxGate.OPEN);
		Map<String, OutboxGate.Admission> admissions = new HashMap<>();
		List<MapSqlParameterSource> rows = new ArrayList<>();
		for (PlannedAction action : byKey.values()) {
			OutboxGate.Admission admission = gate.admit(action, state);
			admissions.put(action.dedupeKey(), admission);
			rows.add(new MapSqlParameterSource().addValue("key", action.dedupeKey())
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
				.addValue("now", now));
		}
		// Conditional, so a row committed meanwhile is skipped, not a violation (polls of
		// one school are serialised by its row's lock, so none is in flight).
		int[] inserted = this.jdbc
			.batchUpdate("insert into outbox (dedupe_key, school_id, pupil_id, policy_id, rule_id, "
					+ "kind, recipient, template, decided_on, due_on, state, held_for, explanation, payload, attempts, "
					+ "created_at, updated_at) select :key, :school, :pupil, :policy, :rule, :kind, :recipient, "
					+ ":template, :decided, :due, :state, :held, :explanation, :payload, 0, :now, :now where not exists "
					+ "(select 1 from outbox where dedupe_key = :key)", rows.toArray(SqlParameterSource[]::new));
		Map<String, Long> ids = existingIds(byKey.keySet());
		List<LogEntry> entries = new ArrayList<>();
		int row = 0;
		for (PlannedAction action : byKey.values()) {
			if (inserted[row++] == 0) {
				// Already there: proposed, and logged, by whoever inserted it.
				continue;
			}
			Long id = ids.get(action.dedupeKey());
			if (id == null) {
				throw new IllegalStateException("the outbox lost action " + action.dedupeKey());
			}
			OutboxGate.Admission admission = admissions.get(action.dedupeKey());
			String note = (admission.note() == null) ? "" : " (" + admission.note() + ")";
			entries.add(new LogEntry(action.school(), id, now.toInstant(), admission.state(), ActionLog.SYSTEM_ACTOR,
					action.rule(), action.policy(), action.policyVersion(), action.kind().id(), null,
					cut("proposed by " + action.policy() + " " + action.rule() + note + ": "
							+ cut(action.explanation(), 1500), 2000)));
		}
		this.actionLog.appendAll(entries);
		return entries.size();
	}

	/** The ids of the outbox rows with these dedupe keys, by key. */
	private Map<String, Long> existingIds(Collection<String> keys) {
		Map<String, Long> ids = new HashMap<>();
		List<String> all = new ArrayList<>(keys);
		for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
			this.jdbc.query("select id, dedupe_key from outbox where dedupe_key in (:keys)", Map.of("keys", chunk),
					(RowCallbackHandler) (rs) -> ids.put(rs.getString(2), rs.getLong(1)));
		}
		return ids;
	}

	/**
	 * Appends a state an action entered to {@code action_log}, now. Dispatch calls it in
	 * the transaction that changes the row's state; every entry goes through here.
	 */
	public void log(long outboxId, String state, String detail) {
		log(outboxId, ActionLog.SYSTEM_ACTOR, state, detail);
	}

	/**
	 * Appends the states several actions entered, now, in the order given, as
	 * {@link #log(long, String, String)} would one by one: dispatch logs a batch of rows
	 * with one query for their rows and one lock of each school's chain.
	 */
	public void logAll(List<ActionLog.StateChange> changes) {
		this.actionLog.appendStates(changes.stream()
			.map((c) -> new ActionLog.StateChange(c.outboxId(), c.state(), cut(c.detail(), 2000)))
			.toList(), ActionLog.SYSTEM_ACTOR, OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
	}

	/** As {@link #log(long, String, String)}, by a named actor (an operator). */
	public void log(long outboxId, String actor, String state, String detail) {
		this.actionLog.append(outboxId, actor, state, cut(detail, 2000),
				OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
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
	 * none; {@code school}, {@code pupilId}, {@code state} and {@code kinds} null for
	 * any.
	 */
	public record ActionFilter(Collection<String> schools, String school, String pupilId, String state,
			Collection<String> kinds) {

		/** Actions of any kind. */
		public ActionFilter(Collection<String> schools, String school, String pupilId, String state) {
			this(schools, school, pupilId, state, null);
		}

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

	/**
	 * An action with how its delivery stands: why it is held ({@code approval},
	 * {@code dry-run}, {@code rejected}, or null), its attempts, the last error and the
	 * provider's id once delivered.
	 */
	public record DeliveryRow(long id, String school, String pupilId, String rule, String kind, String recipient,
			String template, String state, String heldFor, String explanation, int attempts, String lastError,
			String providerId, Instant createdAt, Instant updatedAt) {
	}

	/**
	 * The actions the filter selects, newest first, with their delivery; when
	 * {@code heldFor} is given only those held for it, otherwise (with a state) only
	 * those held for nothing.
	 */
	public List<DeliveryRow> deliveries(ActionFilter filter, String heldFor, int limit) {
		if (filter.schools() != null && filter.schools().isEmpty()) {
			return List.of();
		}
		MapSqlParameterSource p = filterParameters(filter).addValue("held", heldFor).addValue("limit", limit);
		String where = where(filter);
		String held = (heldFor != null) ? "held_for = :held " : (filter.state() != null) ? "held_for is null " : null;
		if (held != null) {
			where = (where.isEmpty() ? "where " : where + "and ") + held;
		}
		return this.jdbc.query(DELIVERY + where + "order by id desc limit :limit", p, OutboxStore::deliveryRow);
	}

	/** One action with its delivery. */
	public Optional<DeliveryRow> delivery(long id) {
		return this.jdbc.query(DELIVERY + "where id = :id", Map.of("id", id), OutboxStore::deliveryRow)
			.stream()
			.findFirst();
	}

	private static final String DELIVERY = "select id, school_id, pupil_id, rule_id, kind, recipient, template, "
			+ "state, held_for, explanation, attempts, last_error, provider_id, created_at, updated_at from outbox ";

	private static DeliveryRow deliveryRow(ResultSet rs, int row) throws SQLException {
		return new DeliveryRow(rs.getLong("id"), rs.getString("school_id"), rs.getString("pupil_id"),
				rs.getString("rule_id"), rs.getString("kind"), rs.getString("recipient"), rs.getString("template"),
				rs.getString("state"), rs.getString("held_for"), rs.getString("explanation"), rs.getInt("attempts"),
				rs.getString("last_error"), rs.getString("provider_id"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	/** One action's school, if there is such an action. */
	public Optional<String> schoolOf(long id) {
		return this.jdbc.queryForList("select school_id from outbox where id = :id", Map.of("id", id), String.class)
			.stream()
			.findFirst();
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
			.addValue("state", filter.state())
			.addValue("kinds", filter.kinds());
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
		if (filter.kinds() != null) {
			conditions.add("kind in (:kinds)");
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
