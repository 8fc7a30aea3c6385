package org.attendancebridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * How far each feed of each school has been read. A poll locks its feed's row for the
 * length of its transaction (so two polls of one school, on one node or two, store one
 * after the other) and advances it in the same transaction as the marks it covers, and
 * only ever forward.
 */
@Repository
public class WatermarkStore {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final FirstRow firstRow;

	public WatermarkStore(NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.firstRow = new FirstRow(jdbc, transactions);
	}

	public Optional<String> get(String school, String feed) {
		List<String> values = this.jdbc.queryForList(
				"select watermark from watermark where school_id = :school and feed = :feed",
				Map.of("school", school, "feed", feed), String.class);
		return values.stream().filter((v) -> v != null).findFirst();
	}

	/**
	 * Locks the feed's row until the transaction ends, creating it if need be (two nodes
	 * creating it at once both go on, one after the other).
	 */
	public Optional<String> lock(String school, String feed) {
		Map<String, Object> key = Map.of("school", school, "feed", feed, "now", now());
		this.firstRow.insert("insert into watermark (school_id, feed, watermark, updated_at) "
				+ "select :school, :feed, null, :now where not exists "
				+ "(select 1 from watermark where school_id = :school and feed = :feed)", key);
		List<String> values = this.jdbc.query(
				"select watermark from watermark where school_id = :school and feed = :feed for update", key,
				(rs, n) -> rs.getString(1));
		return values.stream().filter((v) -> v != null).findFirst();
	}

	/**
	 * Moves the watermark to {@code value} if that is further on; returns what is kept.
	 */
	public String advance(String school, String feed, String value) {
		Optional<String> current = lock(school, feed);
		if (value == null || (current.isPresent() && !isAfter(value, current.get()))) {
			return current.orElse(null);
		}
		this.jdbc.update(
				"update watermark set watermark = :value, updated_at = :now "
						+ "where school_id = :school and feed = :feed",
				Map.of("school", school, "feed", feed, "value", value, "now", now()));
		return value;
	}

	/**
	 * The feed's own order: revisions compare as numbers, timestamps as instants, other
	 * tokens as text.
	 */
	public static boolean isAfter(String candidate, String current) {
		try {
			return Long.parseLong(candidate) > Long.parseLong(current);
		}
		catch (NumberFormatException ex) {
			// not revisions
		}
		try {
			return Instant.parse(candidate).isAfter(Instant.parse(current));
		}
		catch (DateTimeParseException ex) {
			return candidate.compareTo(current) > 0;
		}
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

}
