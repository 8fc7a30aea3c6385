package org.attendancebridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.attendancebridge.connector.ConnectorConfig;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

/** The schools the adapter serves, with their last poll and sizes, for the API. */
@Repository
public class SchoolStore {

	/** A school with its counts. */
	public record SchoolRow(String id, String name, String mis, String policy, long pupils, long marks,
			Instant lastPollAt) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final FirstRow firstRow;

	public SchoolStore(NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.firstRow = new FirstRow(jdbc, transactions);
	}

	/** Registers the school or brings its name, MIS and policy up to date. */
	public void upsert(ConnectorConfig school) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", school.id())
			.addValue("name", school.name())
			.addValue("mis", school.mis().id())
			.addValue("policy", school.policy())
			.addValue("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		int updated = this.jdbc.update("update school set name = :name, mis = :mis, policy_id = :policy where id = :id",
				p);
		if (updated == 0) {
			// Two nodes polling a new school at once: the first insert wins, the other
			// goes on.
			this.firstRow.insert("insert into school (id, name, mis, policy_id, created_at) "
					+ "select :id, :name, :mis, :policy, :now where not exists (select 1 from school where id = :id)",
					p.getValues());
		}
	}

	public void polled(String school, Instant at) {
		this.jdbc.update("update school set last_poll_at = :at where id = :id",
				Map.of("id", school, "at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
	}

	public List<SchoolRow> all() {
		return this.jdbc.query(
				"select s.id, s.name, s.mis, s.policy_id, s.last_poll_at, "
						+ "(select count(*) from pupil p where p.school_id = s.id and p.left_on is null) as pupils, "
						+ "(select count(*) from mark m where m.school_id = s.id) as marks from school s order by s.id",
				(rs, n) -> {
					OffsetDateTime last = rs.getObject("last_poll_at", OffsetDateTime.class);
					return new SchoolRow(rs.getString("id"), rs.getString("name"), rs.getString("mis"),
							rs.getString("policy_id"), rs.getLong("pupils"), rs.getLong("marks"),
							(last == null) ? null : last.toInstant());
				});
	}

}
