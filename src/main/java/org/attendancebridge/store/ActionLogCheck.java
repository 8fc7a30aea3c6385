package org.attendancebridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the action log's chains entry by entry: sequence numbers without gaps, each
 * entry's previous hash equal to the hash before it, each hash equal to the hash of the
 * entry as stored now, and the chain's head at its last entry. Reads a chain as a stream
 * (a school's year of actions need not fit in memory) in one read-only transaction.
 */
public final class ActionLogCheck {

	/** What is wrong at the first broken entry of a chain. */
	public record Problem(long seq, Long outboxId, String what) {
	}

	/** One chain's result: {@code problem} is null when the chain holds. */
	public record ChainReport(String chain, long entries, long headSeq, String headHash, Problem problem) {

		public boolean ok() {
			return this.problem == null;
		}

	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	public ActionLogCheck(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.readOnly.setReadOnly(true);
		// The head and the entries are read in two statements: one snapshot, so an entry
		// appended in between is not taken for one added around the log.
		this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/** Every chain in the log, by name. */
	public List<String> chains() {
		return this.jdbc.queryForList(
				"select chain from action_log_head union select distinct chain from action_log " + "order by 1",
				String.class);
	}

	public List<ChainReport> checkAll() {
		List<ChainReport> reports = new ArrayList<>();
		for (String chain : chains()) {
			reports.add(check(chain));
		}
		return reports;
	}

	public ChainReport check(String chain) {
		return this.readOnly.execute((status) -> {
			List<Map<String, Object>> heads = this.jdbc
				.queryForList("select seq, hash from action_log_head where chain = ?", chain);
			Walk walk = new Walk(chain);
			this.jdbc.query(
					"select seq, outbox_id, at, state, actor, rule_id, policy_id, policy_version, kind, "
							+ "provider_id, detail, prev_hash, hash from action_log where chain = ? order by seq",
					walk, chain);
			if (heads.isEmpty()) {
				if (walk.entries > 0 && walk.problem == null) {
					walk.problem = new Problem(walk.lastSeq, walk.lastOutbox,
							"the chain has entries but no head in action_log_head (removed?)");
				}
				return new ChainReport(chain, walk.entries, 0, ChainHash.GENESIS, walk.problem);
			}
			long headSeq = ((Number) heads.get(0).get("seq")).longValue();
			String headHash = (String) heads.get(0).get("hash");
			if (walk.problem == null) {
				walk.problem = endProblem(walk, headSeq, headHash);
			}
			return new ChainReport(chain, walk.entries, headSeq, headHash, walk.problem);
		});
	}

	private static Problem endProblem(Walk walk, long headSeq, String headHash) {
		if (headSeq > walk.lastSeq) {
			return new Problem(walk.lastSeq + 1, null,
					(headSeq == walk.lastSeq + 1 ? "entry " + headSeq + " is missing"
							: "entries " + (walk.lastSeq + 1) + " to " + headSeq + " are missing")
							+ " at the end of the chain (the head says " + headSeq + "; removed?)");
		}
		if (headSeq < walk.lastSeq) {
			return new Problem(headSeq + 1, null,
					"the chain goes on past its head (seq " + headSeq + "): entries added around the log");
		}
		if (!headHash.equals(walk.lastHash)) {
			return new Problem(walk.lastSeq, walk.lastOutbox, "the head's hash does not match the last entry's hash");
		}
		return null;
	}

	/** Walks one chain in order, stopping at the first broken entry. */
	private static final class Walk implements RowCallbackHandler {

		private final String chain;

		private long entries;

		private long lastSeq;

		private Long lastOutbox;

		private String lastHash = ChainHash.GENESIS;

		private Problem problem;

		private Walk(String chain) {
			this.chain = chain;
		}

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			this.entries++;
			if (this.problem != null) {
				return;
			}
			long seq = rs.getLong("seq");
			long outbox = rs.getLong("outbox_id");
			if (seq != this.lastSeq + 1) {
				this.problem = new Problem(this.lastSeq + 1, null,
						((seq == this.lastSeq + 2) ? "entry " + (this.lastSeq + 1) + " is missing"
								: "entries " + (this.lastSeq + 1) + " to " + (seq - 1) + " are missing")
								+ " (the chain goes from " + this.lastSeq + " to " + seq + ", outbox " + outbox
								+ "; removed?)");
				return;
			}
			String previous = rs.getString("prev_hash");
			String hash = rs.getString("hash");
			if (!this.lastHash.equals(previous)) {
				this.problem = new Problem(seq, outbox, "its previous hash does not match the hash of entry "
						+ this.lastSeq + ": an entry before it was replaced");
				return;
			}
			LogEntry entry = new LogEntry(this.chain, outbox, rs.getObject("at", OffsetDateTime.class).toInstant(),
					rs.getString("state"), rs.getString("actor"), rs.getString("rule_id"), rs.getString("policy_id"),
					rs.getObject("policy_version", Integer.class), rs.getString("kind"), rs.getString("provider_id"),
					rs.getString("detail"));
			if (!ChainHash.of(previous, seq, entry).equals(hash)) {
				this.problem = new Problem(seq, outbox,
						"the entry does not match its hash: its state, detail or another field was changed after it was written");
				return;
			}
			this.lastSeq = seq;
			this.lastOutbox = outbox;
			this.lastHash = hash;
		}

	}

}
