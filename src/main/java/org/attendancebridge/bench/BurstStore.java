package org.attendancebridge.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bench burst} reads from the adapters' database: the texts in the outbox,
 * and the database's size.
 */
final class BurstStore {

	/** A text in the outbox. */
	record Text(long id, String school, String rule, String state) {

		String reference() {
			return "ab-" + this.id;
		}

	}

	private final BenchDatabase database;

	BurstStore(BenchDatabase database) {
		this.database = database;
	}

	/** Texts still to settle: waiting, being sent, to be retried or in doubt. */
	long textsUnsettled() {
		return number("select count(*) from outbox where kind = 'sms' "
				+ "and state in ('PENDING', 'SENDING', 'RETRYABLE', 'IN_DOUBT')");
	}

	/** Texts the gateway accepted. */
	long textsSent() {
		return number("select count(*) from outbox where kind = 'sms' and state = 'SENT'");
	}

	/** Every text in the outbox. */
	List<Text> texts() {
		List<Text> texts = new ArrayList<>();
		query("select id, school_id, rule_id, state from outbox where kind = 'sms' order by id", (rs) -> {
			while (rs.next()) {
				texts.add(new Text(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
			}
		});
		return texts;
	}

	/**
	 * The bytes the adapters' tables take, with their indexes and TOAST (PostgreSQL's
	 * {@code pg_total_relation_size}, summed over the tables of the schema they use).
	 */
	long size() {
		return number("select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c "
				+ "join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() "
				+ "and c.relkind = 'r'");
	}

	/** Sends the gateway refused for its rate limit (a 429), each then retried. */
	long rateLimited() {
		return number("select count(*) from action_log l join outbox o on o.id = l.outbox_id where o.kind = 'sms' "
				+ "and l.state = 'RETRYABLE' and l.detail like 'HTTP 429%'");
	}

	/** The school days whose marks are stored. */
	long markDays() {
		return number("select count(distinct mark_date) from mark");
	}

	private long number(String sql) {
		long[] value = new long[1];
		query(sql, (rs) -> {
			rs.next();
			value[0] = rs.getLong(1);
		});
		return value[0];
	}

	private interface Rows {

		void read(ResultSet rs) throws SQLException;

	}

	private void query(String sql, Rows rows) {
		try (Connection connection = DriverManager.getConnection(this.database.url(), this.database.username(),
				this.database.password());
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rs = statement.executeQuery()) {
			rows.read(rs);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the bench's database: " + ex.getMessage(), ex);
		}
	}

}
