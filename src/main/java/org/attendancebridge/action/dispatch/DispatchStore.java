package org.attendancebridge.action.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.attendancebridge.store.ActionLog;
import org.attendancebridge.store.OutboxStore;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox as dispatch sees it. Each method is one short transaction; none spans a call
 * to a channel. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL, and H2
 * 2.3 in PostgreSQL mode, accept it), so nodes claiming at once get different rows, and
 * every change is compare-and-set on the state and the lease, so a node whose lease ran
 * out cannot overwrite what another decided. Each state an action enters is logged
 * through {@link OutboxStore#log}.
 */
@Repository
public class DispatchStore {

	private static final String ROW = "select id, payload, attempts from outbox ";

	private final NamedParameterJdbcTemplate jdbc;

	private final OutboxStore outbox;

	private final Clock clock;

	private final TransactionTemplate tx;

	public DispatchStore(NamedParameterJdbcTemplate jdbc, OutboxStore outbox, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
	}

	Instant now() {
		return this.clock.instant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant == null) ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private List<OutboxAction> lock(String where, MapSqlParameterSource p, int limit) {
		p.addValue("limit", limit);
		return this.jdbc.query(ROW + where + " order by id limit :limit for update skip locked", p,
				(rs, n) -> new OutboxAction(rs.getLong("id"), OutboxAction.referenceOf(rs.getLong("id")),
						OutboxStore.action(rs.getString("payload")), rs.getInt("attempts")));
	}

	/**
	 * The rows in school order. Logging a row's state locks its school's action-log
	 * chain, so every node takes the chains of one transaction in the same order and two
	 * claims cannot deadlock on them.
	 */
	private static List<OutboxAction> bySchool(List<OutboxAction> rows) {
		List<OutboxAction> sorted = new ArrayList<>(rows);
		sorted.sort(Comparator.comparing((OutboxAction a) -> a.planned().school()).thenComparingLong(OutboxAction::id));
		return sorted;
	}

	/**
	 * Rows left SENDING by a node whose lease ran out (it died or hung mid-send) become
	 * IN_DOUBT: whether the request left is unknown, so they are reconciled, never resent
	 * blindly. Only once the lease has run out: its holder started no request that could
	 * still be on its way by then.
	 */
	public int expireLeases(Set<String> kinds) {
		Instant now = now();
		return this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("kinds", kinds).addValue("now", utc(now));
			List<Map<String, Object>> rows = this.jdbc.queryForList("select id, lease_owner from outbox "
					+ "where state = 'SENDING' and kind in (:kinds) and lease_until < :now order by school_id, id "
					+ "for update skip locked", p);
			for (Map<String, Object> row : rows) {
				long id = ((Number) row.get("id")).longValue();
				p.addValue("id", id);
				this.jdbc.update("update outbox set state = 'IN_DOUBT', lease_owner = null, lease_until = null, "
						+ "next_attempt_at = :now, updated_at = :now where id = :id", p);
				this.outbox.log(id, "IN_DOUBT", "the lease of " + row.get("lease_owner")
						+ " ran out mid-send: reconciling with the provider before any resend");
			}
			return rows.size();
		});
	}

	/** Whether any IN_DOUBT row is due for reconciliation. */
	public boolean inDoubtDue(Set<String> kinds) {
		Integer due = this.jdbc.queryForObject(
				"select count(*) from outbox where state = 'IN_DOUBT' "
						+ "and kind in (:kinds) and (lease_until is null or lease_until < :now) "
						+ "and (next_attempt_at is null or next_attempt_at <= :now)",
				new MapSqlParameterSource().addValue("kinds", kinds).addValue("now", utc(now())), Integer.class);
		return due != null && due > 0;
	}

	/** Leases IN_DOUBT rows that are due for reconciliation; their state stays. */
	public List<OutboxAction> claimInDoubt(Set<String> kinds, int limit, String node, Instant leaseUntil) {
		if (limit <= 0) {
			return List.of();
		}
		Instant now = now();
		return this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("kinds", kinds)
				.addValue("now", utc(now))
				.addValue("node", node)
				.addValue("until", utc(leaseUntil));
			List<OutboxAction> rows = lock("where state = 'IN_DOUBT' and kind in (:kinds) "
					+ "and (lease_until is null or lease_until < :now) "
					+ "and (next_attempt_at is null or next_attempt_at <= :now)", p, limit);
			for (OutboxAction row : rows) {
				p.addValue("id", row.id());
				this.jdbc.update("update outbox set lease_owner = :node, lease_until = :until, updated_at = :now "
						+ "where id = :id", p);
			}
			return rows;
		});
	}

	/**
	 * Claims due PENDING and RETRYABLE rows: each becomes SENDING under this node's
	 * lease, one attempt more, and is committed before anything is sent. A row
	 * {@code defer} dates later (quiet hours) only moves its next attempt.
	 * @return the rows claimed, with the attempts made before this one
	 */
	public Claim claim(Set<String> kinds, Set<String> heldSchools, int limit, String node, Instant leaseUntil,
			Function<OutboxAction, Optional<Instant>> defer) {
		if (limit <= 0) {
			return new Claim(List.of(), 0);
		}
		Instant now = now();
		return this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("kinds", kinds)
				.addValue("now", utc(now))
				.addValue("node", node)
				.addValue("until", utc(leaseUntil))
				.addValue("held", heldSchools);
			String where = "where state in ('PENDING', 'RETRYABLE') and kind in (:kinds) "
					+ "and (next_attempt_at is null or next_attempt_at <= :now)"
					+ (heldSchools.isEmpty() ? "" : " and school_id not in (:held)");
			List<OutboxAction> claimed = new ArrayList<>();
			List<MapSqlParameterSource> deferred = new ArrayList<>();
			for (OutboxAction row : bySchool(lock(where, p, limit))) {
				Optional<Instant> later = defer.apply(row);
				if (later.isPresent()) {
					deferred.add(new MapSqlParameterSource().addValue("id", row.id())
						.addValue("next", utc(later.get()))
						.addValue("now", utc(now)));
				}
				else {
					claimed.add(row);
				}
			}
			this.jdbc.batchUpdate("update outbox set next_attempt_at = :next, updated_at = :now where id = :id",
					deferred.toArray(SqlParameterSource[]::new));
			this.jdbc.batchUpdate(
					"update outbox set state = 'SENDING', attempts = attempts + 1, "
							+ "lease_owner = :node, lease_until = :until, updated_at = :now where id = :id",
					claimed.stream()
						.map((row) -> new MapSqlParameterSource(p.getValues()).addValue("id", row.id()))
						.toArray(SqlParameterSource[]::new));
			this.outbox.logAll(claimed.stream()
				.map((row) -> new ActionLog.StateChange(row.id(), "SENDING",
						"attempt " + (row.attempts() + 1) + " by " + node))
				.toList());
			return new Claim(claimed, deferred.size());
		});
	}

	/**
	 * Renews this node's lease on a claimed row before its send, provided the node still
	 * holds it. A batch is sent one row after another, so a slow channel can outlast the
	 * lease taken at the claim; by then another node may have found the row expired and
	 * sent it itself.
	 * @return false when the lease ran out or was taken: the row must not be sent
	 */
	public boolean renew(long id, String node, Instant leaseUntil) {
		return this.jdbc.update(
				"update outbox set lease_until = :until, updated_at = :now where id = :id "
						+ "and state = 'SENDING' and lease_owner = :node and lease_until >= :now",
				new MapSqlParameterSource().addValue("id", id)
					.addValue("node", node)
					.addValue("until", utc(leaseUntil))
					.addValue("now", utc(now()))) == 1;
	}

	/**
	 * Hands back rows this node claimed but never sent (it is stopping, or its lease grew
	 * too short to start the request): each is due again at once, as it was before the
	 * claim, PENDING or RETRYABLE with the claim's attempt taken off.
	 * @return how many were still this node's
	 */
	public int handBack(String node, List<OutboxAction> rows, String why) {
		if (rows.isEmpty()) {
			return 0;
		}
		OffsetDateTime now = utc(now());
		List<OutboxAction> ordered = new ArrayList<>(rows);
		// In id order, as claims lock them.
		ordered.sort(Comparator.comparingLong(OutboxAction::id));
		Integer handed = this.tx.execute((status) -> {
			int[] updated = this.jdbc.batchUpdate(
					"update outbox set state = :to, attempts = attempts - 1, "
							+ "lease_owner = null, lease_until = null, updated_at = :now "
							+ "where id = :id and state = 'SENDING' and lease_owner = :node",
					ordered.stream()
						.map((row) -> new MapSqlParameterSource().addValue("id", row.id())
							.addValue("to", dueState(row))
							.addValue("node", node)
							.addValue("now", now))
						.toArray(SqlParameterSource[]::new));
			List<ActionLog.StateChange> changes = new ArrayList<>();
			for (int i = 0; i < ordered.size(); i++) {
				if (updated[i] == 1) {
					changes.add(new ActionLog.StateChange(ordered.get(i).id(), dueState(ordered.get(i)),
							"not sent: " + why + "; due again"));
				}
			}
			this.outbox.logAll(changes);
			return changes.size();
		});
		return (handed != null) ? handed : 0;
	}

	private static String dueState(OutboxAction row) {
		return (row.attempts() == 0) ? "PENDING" : "RETRYABLE";
	}

	/** How many rows this node holds SENDING now. */
	public int sendingHeldBy(String node) {
		Integer held = this.jdbc.queryForObject(
				"select count(*) from outbox where state = 'SENDING' and lease_owner = :node", Map.of("node", node),
				Integer.class);
		return (held != null) ? held : 0;
	}

	/** The rows claimed by one call, and how many were deferred instead. */
	public record Claim(List<OutboxAction> rows, int deferred) {
	}

	/**
	 * Ends this node's hold on a row: from {@code from} (SENDING or IN_DOUBT) to
	 * {@code to}, provided the row is still in that state under this node's lease.
	 * @return false when the lease was lost meanwhile (another node now owns the row)
	 */
	public boolean finish(long id, String from, String node, String to, String providerId, String error,
			Instant nextAttempt, String detail) {
		return finishAll(node, List.of(new Ending(id, from, to, providerId, error, nextAttempt, detail))).get(0);
	}

	/**
	 * How one of this node's rows ends.
	 *
	 * @param from the state it is in under this node's lease (SENDING or IN_DOUBT)
	 * @param to the state it ends in
	 * @param providerId the provider's id, when known
	 * @param error the last error, or null
	 * @param nextAttempt when it may be tried again, or null
	 * @param detail what happened, for the action log
	 */
	public record Ending(long id, String from, String to, String providerId, String error, Instant nextAttempt,
			String detail) {
	}

	/**
	 * Ends several of this node's rows in one transaction, each as {@link #finish} would:
	 * compare-and-set on its state and this node's lease, and logged if it changed.
	 * @return for each ending, in order, whether the row was still this node's
	 */
	public List<Boolean> finishAll(String node, List<Ending> endings) {
		if (endings.isEmpty()) {
			return List.of();
		}
		OffsetDateTime now = utc(now());
		List<Ending> ordered = new ArrayList<>(endings);
		// In id order, as claims lock them, so two transactions never wait on each other.
		ordered.sort(Comparator.comparingLong(Ending::id));
		Set<Long> ended = this.tx.execute((status) -> {
			int[] updated = this.jdbc.batchUpdate("update outbox set state = :to, provider_id = coalesce(:provider, "
					+ "provider_id), last_error = :error, next_attempt_at = :next, lease_owner = null, "
					+ "lease_until = null, updated_at = :now where id = :id and state = :from and lease_owner = :node",
					ordered.stream()
						.map((e) -> new MapSqlParameterSource().addValue("id", e.id())
							.addValue("from", e.from())
							.addValue("to", e.to())
							.addValue("node", node)
							.addValue("provider", e.providerId())
							.addValue("error", cut(e.error()))
							.addValue("next", utc(e.nextAttempt()))
							.addValue("now", now))
						.toArray(SqlParameterSource[]::new));
			Set<Long> done = new HashSet<>();
			List<ActionLog.StateChange> changes = new ArrayList<>();
			for (int i = 0; i < ordered.size(); i++) {
				if (updated[i] == 1) {
					done.add(ordered.get(i).id());
					changes.add(new ActionLog.StateChange(ordered.get(i).id(), ordered.get(i).to(),
							ordered.get(i).detail()));
				}
			}
			this.outbox.logAll(changes);
			return done;
		});
		return endings.stream().map((e) -> ended != null && ended.contains(e.id())).toList();
	}

	/** Lets go of an IN_DOUBT row whose lookup failed: it is tried again later. */
	public void release(long id, String node, Instant nextAttempt, String error) {
		this.jdbc.update(
				"update outbox set lease_owner = null, lease_until = null, next_attempt_at = :next, "
						+ "last_error = :error, updated_at = :now where id = :id and lease_owner = :node",
				new MapSqlParameterSource().addValue("id", id)
					.addValue("node", node)
					.addValue("next", utc(nextAttempt))
					.addValue("error", cut(error))
					.addValue("now", utc(now())));
	}

	/** PENDING and RETRYABLE rows due now, per school. */
	public Map<String, Integer> dueBySchool(Set<String> kinds) {
		Map<String, Integer> due = new LinkedHashMap<>();
		this.jdbc
			.query("select school_id, count(*) from outbox where state in ('PENDING', 'RETRYABLE') and kind in (:kinds) "
					+ "and (next_attempt_at is null or next_attempt_at <= :now) group by school_id order by school_id",
					new MapSqlParameterSource().addValue("kinds", kinds).addValue("now", utc(now())), (rs) -> {
						due.put(rs.getString(1), rs.getInt(2));
					});
		return due;
	}

	/**
	 * An operator's move of one row, compare-and-set: from one of {@code from} (and, when
	 * given, held for {@code heldFor}) to {@code to}.
	 * @param retry whether the row starts its attempts again (a replay)
	 * @param actor who moves it, for the action log
	 * @return false when the row is not in such a state
	 */
	public boolean move(long id, Set<String> from, String heldFor, String to, String newHeldFor, boolean retry,
			String actor, String detail) {
		Boolean done = this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", id)
				.addValue("from", from)
				.addValue("held", heldFor)
				.addValue("to", to)
				.addValue("newHeld", newHeldFor)
				.addValue("now", utc(now()));
			String reset = retry ? ", attempts = 0, next_attempt_at = null, last_error = null" : "";
			int updated = this.jdbc.update("update outbox set state = :to, held_for = :newHeld, updated_at = :now"
					+ reset + " where id = :id and state in (:from)"
					+ ((heldFor == null) ? " and held_for is null" : " and held_for = :held"), p);
			if (updated == 1) {
				this.outbox.log(id, actor, to, detail);
			}
			return updated == 1;
		});
		return Boolean.TRUE.equals(done);
	}

	/**
	 * A person's resolution of an action IN_DOUBT, compare-and-set: to {@code to} (SENT,
	 * or RETRYABLE and due now), logged with the person as the actor. Only rows of
	 * {@code kinds}, and none a node holds the lease of (it is being looked up right
	 * now).
	 * @return false when the row is not such a row
	 */
	public boolean resolve(long id, Set<String> kinds, String to, String actor, String detail) {
		Boolean done = this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", id)
				.addValue("kinds", kinds)
				.addValue("to", to)
				.addValue("now", utc(now()));
			// Sent again at a person's word: with its attempts afresh, as a replay has,
			// but
			// the one found lost counted, so the channel looks the reference up before
			// it writes, as on any retry: a part that did arrive is not written twice.
			String attempts = to.equals("RETRYABLE") ? "attempts = 1, " : "";
			int updated = this.jdbc.update("update outbox set state = :to, " + attempts
					+ "next_attempt_at = null, lease_owner = null, "
					+ "lease_until = null, updated_at = :now where id = :id and state = 'IN_DOUBT' and kind in (:kinds) "
					+ "and (lease_until is null or lease_until < :now)", p);
			if (updated == 1) {
				this.outbox.log(id, actor, to, detail);
			}
			return updated == 1;
		});
		return Boolean.TRUE.equals(done);
	}

	/**
	 * Whether a node holds the row's lease now, and its kind: why an action IN_DOUBT was
	 * not resolved.
	 */
	public Optional<Doubt> doubt(long id) {
		return this.jdbc
			.query("select kind, lease_until from outbox where id = :id", Map.of("id", id),
					(rs, n) -> new Doubt(rs.getString("kind"),
							Optional.ofNullable(rs.getObject("lease_until", OffsetDateTime.class))
								.map((until) -> until.toInstant().isAfter(now()))
								.orElse(false)))
			.stream()
			.findFirst();
	}

	/** An action's kind, and whether a node is looking it up right now. */
	public record Doubt(String kind, boolean leased) {
	}

	/** The row's state and why it is held, for an operator's refusal message. */
	public Optional<String> describe(long id) {
		List<String> rows = this.jdbc.queryForList(
				"select state || coalesce(' (' || held_for || ')', '') from outbox where id = :id", Map.of("id", id),
				String.class);
		return rows.stream().findFirst();
	}

	private static String cut(String text) {
		return (text == null || text.length() <= 1000) ? text : text.substring(0, 997) + "...";
	}

}
