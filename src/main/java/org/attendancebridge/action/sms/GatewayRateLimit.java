package org.attendancebridge.action.sms;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A gateway's requests per minute, counted in one database row that every instance locks
 * ({@code FOR UPDATE}) while it takes permits, so the limit holds however many instances
 * send. The window is the clock's minute; a 429 from the gateway pauses every instance
 * until its {@code Retry-After}.
 */
final class GatewayRateLimit {

	private final String gateway;

	private final int perMinute;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate tx;

	GatewayRateLimit(String gateway, int perMinute, NamedParameterJdbcTemplate jdbc, Clock clock,
			PlatformTransactionManager transactions) {
		this.gateway = gateway;
		this.perMinute = perMinute;
		this.jdbc = jdbc;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
	}

	/** Takes up to {@code wanted} of this minute's permits; none while paused. */
	int take(int wanted) {
		Instant now = this.clock.instant();
		OffsetDateTime minute = OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC);
		Integer granted = this.tx.execute((status) -> {
			MapSqlParameterSource p = new MapSqlParameterSource().addValue("gateway", this.gateway)
				.addValue("minute", minute);
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"select window_start, used, paused_until from gateway_rate where gateway = :gateway for update", p);
			if (rows.isEmpty()) {
				throw new IllegalStateException(
						"no gateway_rate row for gateway '" + this.gateway + "' (the V2 migration creates it)");
			}
			Instant paused = instant(rows.get(0).get("paused_until"));
			if (paused != null && paused.isAfter(now)) {
				return 0;
			}
			boolean sameMinute = minute.toInstant().equals(instant(rows.get(0).get("window_start")));
			int used = sameMinute ? ((Number) rows.get(0).get("used")).intValue() : 0;
			int grant = Math.max(0, Math.min(wanted, this.perMinute - used));
			p.addValue("used", used + grant);
			this.jdbc.update("update gateway_rate set window_start = :minute, used = :used where gateway = :gateway",
					p);
			return grant;
		});
		return (granted == null) ? 0 : granted;
	}

	/** Gives back permits of this minute that were not used. */
	void giveBack(int permits) {
		if (permits <= 0) {
			return;
		}
		OffsetDateTime minute = OffsetDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MINUTES),
				ZoneOffset.UTC);
		this.jdbc.update(
				"update gateway_rate set used = case when used > :n then used - :n else 0 end "
						+ "where gateway = :gateway and window_start = :minute",
				new MapSqlParameterSource().addValue("gateway", this.gateway)
					.addValue("minute", minute)
					.addValue("n", permits));
	}

	/** Holds every instance's sends until {@code until} (a later pause wins). */
	void pause(Instant until) {
		OffsetDateTime at = OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
		this.jdbc.update(
				"update gateway_rate set paused_until = :until where gateway = :gateway "
						+ "and (paused_until is null or paused_until < :until)",
				new MapSqlParameterSource().addValue("gateway", this.gateway).addValue("until", at));
	}

	Instant pausedUntil() {
		List<Object> rows = this.jdbc.queryForList("select paused_until from gateway_rate where gateway = :gateway",
				Map.of("gateway", this.gateway), Object.class);
		return rows.isEmpty() ? null : instant(rows.get(0));
	}

	private static Instant instant(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof OffsetDateTime odt) {
			return odt.toInstant();
		}
		if (value instanceof java.sql.Timestamp ts) {
			return ts.toInstant();
		}
		if (value instanceof Instant i) {
			return i;
		}
		throw new IllegalStateException("gateway_rate holds a " + value.getClass().getName() + " for a time");
	}

}
