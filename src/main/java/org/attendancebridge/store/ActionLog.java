package org.attendancebridge.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The action log: append-only, one hash chain per school. Each entry records who (the
 * actor), what (the state an action entered, its kind and the provider's id), when and
 * why (the rule, the policy and its version, the detail), and carries the SHA-256 of the
 * previous entry's hash and its own canonical encoding ({@link ChainHash}), so a changed,
 * removed or inserted entry breaks the chain where it happened ({@link ActionLogCheck}).
 * <p>
 * Appends to one chain are serialised by locking the chain's row in
 * {@code action_log_head} ({@code FOR UPDATE}, on H2 and PostgreSQL alike) until the
 * caller's transaction ends, so two nodes can never take the same sequence number; the
 * head also remembers the last entry, so removing the newest entries is seen too.
 */
@Repository
public class ActionLog {

	/** The actor of what the adapter does by itself. */
	public static final String SYSTEM_ACTOR = "attendance-bridge";

	/** Ids in one {@code in} list: within every database's limit on parameters. */
	private static final int IDS_PER_QUERY = 500;

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate required;

	private final TransactionTemplate nested;

	public ActionLog(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.required = new TransactionTemplate(transactions);
		this.nested = new TransactionTemplate(transactions);
		this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/**
	 * Appends the state an outbox action entered, with what its outbox row says now (the
	 * school's chain, rule, policy and its version, kind, provider's id), by the system
	 * actor.
	 * @return the entry's sequence number in its chain
	 */
	public long append(long outboxId, String state, String detail, OffsetDateTime at) {
		return append(outboxId, SYSTEM_ACTOR, state, detail, at);
	}

	/** As {@link #append(long, String, String, OffsetDateTime)}, by a named actor. */
	public long append(long outboxId, String actor, String state, String detail, OffsetDateTime at) {
		return appendStates(List.of(new StateChange(outboxId, state, detail)), actor, at).get(0);
	}

	/** A state an outbox action entered, and why. */
	public record StateChange(long outboxId, String state, String detail) {
	}

	/**
	 * Appends the states several outbox actions entered, as
	 * {@link #append(long, String, String, String, OffsetDateTime)} would one by one in
	 * the order given, their rows read with one query and each chain locked once.
	 * @return each entry's sequence number in its chain, in the order given
	 */
	public List<Long> appendStates(List<StateChange> changes, String actor, OffsetDateTime at) {
		if (changes.isEmpty()) {
			return List.of();
		}
		Map<Long, LogEntry> rows = new HashMap<>();
		List<Long> ids = changes.stream().map(StateChange::outboxId).distinct().toList();
		for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
			this.jdbc.query(
					"select id, school_id, rule_id, policy_id, kind, provider_id, payload from outbox where id in (:ids)",
					Map.of("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY))),
					(RowCallbackHandler) (rs) -> rows.put(rs.getLong("id"),
							new LogEntry(rs.getString("school_id"), rs.getLong("id"), at.toInstant(), null, actor,
									rs.getString("rule_id"), rs.getString("policy_id"),
									ChainHash.policyVersion(rs.getString("payload")), rs.getString("kind"),
									rs.getString("provider_id"), null)));
		}
		List<LogEntry> entries = new ArrayList<>();
		for (StateChange change : changes) {
			LogEntry row = rows.get(change.outboxId());
			if (row == null) {
				throw new IllegalArgumentException("no outbox action " + change.outboxId() + " to log");
			}
			entries.add(new LogEntry(row.chain(), row.outboxId(), row.at(), change.state(), actor, row.rule(),
					row.policy(), row.policyVersion(), row.kind(), row.providerId(), change.detail()));
		}
		return appendAll(entries);
	}

	/**
	 * Appends one entry to its chain, in the caller's transaction if there is one (the
	 * chain's lock is then held until it ends) or in one of its own.
	 * @return the entry's sequence number in its chain
	 */
	public long append(LogEntry entry) {
		return appendAll(List.of(entry)).get(0);
	}

	/**
	 * Appends entries, each to its chain in the order given, as {@link #append(LogEntry)}
	 * would one by one; each chain is locked once and its entries are inserted in one
	 * batch. Chains are locked in name order, so two writers cannot deadlock on them.
	 * @return each entry's sequence number in its chain, in the order given
	 */
	public List<Long> appendAll(List<LogEntry> entries) {
		if (entries.isEmpty()) {
			return List.of();
		}
		Map<String, List<Integer>> byChain = new TreeMap<>();
		for (int i = 0; i < entries.size(); i++) {
			byChain.computeIfAbsent(entries.get(i).chain(), (chain) -> new ArrayList<>()).add(i);
		}
		Long[] seqs = new Long[entries.size()];
		this.required.executeWithoutResult((status) -> byChain.forEach((chain, indexes) -> {
			createHead(chain);
			Map<String, Object> head = this.jdbc.queryForMap(
					"select seq, hash from action_log_head where chain = :chain for update", Map.of("chain", chain));
			long seq = ((Number) head.get("seq")).longValue();
			String hash = (String) head.get("hash");
			Instant last = null;
			List<MapSqlParameterSource> rows = new ArrayList<>();
			for (int index : indexes) {
				LogEntry exact = entries.get(index).normalised();
				String previous = hash;
				seq++;
				hash = ChainHash.of(previous, seq, exact);
				rows.add(params(exact).addValue("seq", seq).addValue("prev", previous).addValue("hash", hash));
				seqs[index] = seq;
				last = exact.at();
			}
			this.jdbc.batchUpdate("insert into action_log (chain, seq, outbox_id, at, state, actor, rule_id, "
					+ "policy_id, policy_version, kind, provider_id, detail, prev_hash, hash) values (:chain, :seq, "
					+ ":outbox, :at, :state, :actor, :rule, :policy, :version, :kind, :provider, :detail, :prev, :hash)",
					rows.toArray(SqlParameterSource[]::new));
			this.jdbc.update(
					"update action_log_head set seq = :seq, hash = :hash, updated_at = :at where chain = :chain",
					new MapSqlParameterSource().addValue("seq", seq)
						.addValue("hash", hash)
						.addValue("at", OffsetDateTime.ofInstant(last, ZoneOffset.UTC))
						.addValue("chain", chain));
		}));
		return List.of(seqs);
	}

	/** An entry as stored, with its place in the chain. */
	public record StoredEntry(long seq, long outboxId, Instant at, String state, String actor, String rule, String kind,
			String providerId, String detail, String hash) {
	}

	/** Every entry about one pupil's actions, in chain order. */
	public List<StoredEntry> entriesAbout(String school, String pupilId) {
		return this.jdbc.query("select l.seq, l.outbox_id, l.at, l.state, l.actor, l.rule_id, l.kind, l.provider_id, "
				+ "l.detail, l.hash from action_log l join outbox o on o.id = l.outbox_id where l.chain = :school "
				+ "and o.school_id = :school and o.pupil_id = :pupil order by l.seq",
				Map.of("school", school, "pupil", pupilId),
				(rs, n) -> new StoredEntry(rs.getLong(1), rs.getLong(2),
						rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5),
						rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
	}

	/**
	 * The chain's head row, created when the chain's first entry comes. Two nodes may
	 * both try: the insert runs under a savepoint, so the loser's duplicate key rolls
	 * back only that (PostgreSQL would otherwise abort the caller's whole transaction).
	 */
	private void createHead(String chain) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("chain", chain)
			.addValue("genesis", ChainHash.GENESIS)
			.addValue("at", OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC));
		Integer known = this.jdbc.queryForObject("select count(*) from action_log_head where chain = :chain", p,
				Integer.class);
		if (known != null && known > 0) {
			return;
		}
		try {
			this.nested.executeWithoutResult((status) -> this.jdbc
				.update("insert into action_log_head (chain, seq, hash, updated_at) select :chain, 0, :genesis, :at "
						+ "where not exists (select 1 from action_log_head where chain = :chain)", p));
		}
		catch (DuplicateKeyException ex) {
			// Another node created it first: its row is what we lock next.
		}
	}

	private static MapSqlParameterSource params(LogEntry entry) {
		return new MapSqlParameterSource().addValue("chain", entry.chain())
			.addValue("outbox", entry.outboxId())
			.addValue("at", OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC))
			.addValue("state", entry.state())
			.addValue("actor", entry.actor())
			.addValue("rule", entry.rule())
			.addValue("policy", entry.policy())
			.addValue("version", entry.policyVersion())
			.addValue("kind", entry.kind())
			.addValue("provider", entry.providerId())
			.addValue("detail", entry.detail());
	}

}
