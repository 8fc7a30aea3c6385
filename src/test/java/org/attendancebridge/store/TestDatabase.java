package org.attendancebridge.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh, migrated database for a store test without Spring: H2 in PostgreSQL mode in
 * memory, or a database of its own on one embedded PostgreSQL 17 shared by the test run.
 * The stores are wired as the adapter wires them.
 */
public final class TestDatabase {

	/** The databases a store test runs on. */
	public enum Kind {

		H2, POSTGRES

	}

	private static final AtomicInteger NEXT = new AtomicInteger();

	private final String url;

	private final String user;

	private final DataSource dataSource;

	private final NamedParameterJdbcTemplate jdbc;

	private final DataSourceTransactionManager transactions;

	private TestDatabase(String url, String user, DataSource dataSource) {
		this.url = url;
		this.user = user;
		this.dataSource = dataSource;
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.transactions = new DataSourceTransactionManager(dataSource);
	}

	/** A new empty database, migrated to the newest version (or to {@code target}). */
	public static TestDatabase create(Kind kind, String target) {
		String name = "store" + NEXT.incrementAndGet();
		TestDatabase database = (kind == Kind.H2) ? h2(name) : postgres(name);
		database.migrate(target);
		return database;
	}

	public static TestDatabase create(Kind kind) {
		return create(kind, null);
	}

	private static TestDatabase h2(String name) {
		String url = "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
				+ "DB_CLOSE_DELAY=-1";
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL(url);
		h2.setUser("sa");
		h2.setPassword("");
		return new TestDatabase(url, "sa", h2);
	}

	private static TestDatabase postgres(String name) {
		return new TestDatabase(TestPostgres.database(name), "postgres", TestPostgres.dataSource(name));
	}

	/** Migrates as the adapter does: the SQL migrations and the Java ones. */
	public void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(this.dataSource)
			.locations("classpath:db/migration")
			.javaMigrations(new ActionLogChainMigration());
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	public String url() {
		return this.url;
	}

	public String user() {
		return this.user;
	}

	/** The password: PostgreSQL's embedded one, H2's empty one. */
	public String password() {
		return "sa".equals(this.user) ? "" : "postgres";
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

	public NamedParameterJdbcTemplate jdbc() {
		return this.jdbc;
	}

	public TransactionTemplate transaction() {
		return new TransactionTemplate(this.transactions);
	}

	public ActionLog actionLog() {
		return new ActionLog(this.jdbc, this.transactions);
	}

	/**
	 * St John's Academy (policy st-johns-way) with one pupil, {@code arbor-1001} in Year
	 * 9, registration group 9B, UPN {@code A123456789012}: what the channel tests start
	 * from.
	 */
	public void stJohnsWithOnePupil(Clock clock) {
		OffsetDateTime now = OffsetDateTime.now(clock);
		this.jdbc.update("insert into school (id, name, mis, policy_id, created_at) values ('st-johns', "
				+ "'St John''s Academy', 'arbor', 'st-johns-way', :now)", Map.of("now", now));
		this.jdbc.update("insert into pupil (school_id, pupil_id, upn, year_group, registration_group, send, "
				+ "pupil_premium, vulnerable, eal, home_language, updated_at) values ('st-johns', 'arbor-1001', "
				+ "'A123456789012', '9', '9B', false, false, false, false, 'en', :now)", Map.of("now", now));
	}

	/** Proposes the action (PENDING) and returns it as dispatch would claim it. */
	public OutboxAction proposed(PlannedAction planned, Clock clock) {
		outbox(clock).propose(List.of(planned), "PENDING");
		long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = :key",
				Map.of("key", planned.dedupeKey()), Long.class);
		return new OutboxAction(id, OutboxAction.referenceOf(id), planned, 0);
	}

	/** The mark store, with a register cache of its own. */
	public MarkStore marks(Clock clock) {
		return new MarkStore(this.jdbc, clock, new RegisterCache());
	}

	public OutboxStore outbox(Clock clock) {
		// No dispatch rails: every new action starts PENDING.
		return new OutboxStore(this.jdbc, clock, new DefaultListableBeanFactory().getBeanProvider(OutboxGate.class),
				actionLog());
	}

}
