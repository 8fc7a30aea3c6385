package org.attendancebridge.store;

import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts the first row of a key that two nodes may create at once. The insert is
 * conditional ({@code insert ... where not exists}), but two transactions can both find
 * the row missing: the second then violates the primary key once the first commits, which
 * aborts its whole transaction on PostgreSQL. So the insert runs under a savepoint, and
 * losing the race rolls back only to it: the row is there either way. (H2 2.3 rejects
 * {@code ON CONFLICT}, so this one way serves both databases.)
 */
final class FirstRow {

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate savepoint;

	FirstRow(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** Runs the conditional insert; a row another transaction inserted first is fine. */
	void insert(String sql, Map<String, ?> parameters) {
		try {
			this.savepoint.executeWithoutResult((status) -> this.jdbc.update(sql, parameters));
		}
		catch (DuplicateKeyException ex) {
			// Another transaction created the row first: it exists, which is all we need.
		}
	}

}
