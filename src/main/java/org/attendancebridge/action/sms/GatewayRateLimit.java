package org.attendancebridge.action.sms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.attendancebridge.action.dispatch.Permits;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A gateway's requests per minute, shared by every instance: each grant of permits is a
 * row in {@code gateway_grant}, and a grant is only made while the grants of the last
 * minute leave room. The gateway counts over any 60 seconds (Notify does), so a clock
 * minute's count would let twice the limit through either side of the minute's turn. The
 * window is a minute plus a margin, since a permit is granted a little before its request
 * reaches the gateway. Takers lock the gateway's {@code gateway_rate} row
 * ({@code FOR UPDATE}) while they count and grant; a 429 from the gateway pauses every
 * instance until its {@code Retry-After}.
 */
final class GatewayRateLimit {

	private static final Permits NONE = Permits.all(0);

	private final String gateway;

	private final int perMinute;

	private final Duration window;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate tx;

	/**
	 * @param margin added to the minute: longer than a permit waits for its request to
	 * reach the gateway
	 */
	GatewayRateLimit(String gateway, int perMinute, Duration margin, NamedParameterJdbcTemplate jdbc, Clock clock,
			PlatformTransactionManager transactions) {
		this.gateway = gateway;
		this.perMinute = perMinute;
		this.window = Duration.ofMinutes(1).plus(margin);
		this.jdbc = jdbc;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
	}

	/**
	 * Takes up to {@code wanted} of the permits the last minute left; none while paused.
	 */
	Permits take(int wanted) {
		Instant now = this.clock.instant();
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("gateway", this.gateway)
			.addValue("now", utc(now))
			.addValue("since", utc(now.minus(this.window)));
		Permits grant = this.tx.execute((status) -> {
			List<Object> paused = this.jdbc.queryForList(
					"select paused_until from gateway_rate where gateway = :gateway for update", p, Object.class);
			if (paused.isEmpty()) {
				throw new IllegalStateException(
						"no gateway_rate row for gateway '" + this.gateway + "' (the V2 migration creates it)");
			}
			Instant until = instant(paused.get(0));
			if (until != null && until.isAfter(now)) {
				return NONE;
			}
			// Grants that left the window count for nothing any more.
			this.jdbc.update("delete from gateway_grant where gateway = :gateway and granted_at <= :since", p);
			Integer used = this.jdbc.queryForObject("select coalesce(sum(permits), 0) from gateway_grant "
					+ "where gateway = :gateway and granted_at > :since", p, Integer.class);
			int count = Math.max(0, Math.min(wanted, this.perMinute - ((used == null) ? 0 : used)));
			if (count == 0) {
				return NONE;
			}
			GeneratedKeyHolder key = new GeneratedKeyHolder();
			this.jdbc.update("insert into gateway_grant (gateway, granted_at, permits) values (:gateway, :now, :n)",
					p.addValue("n", count), key, new String[] { "id" });
			return new Grant(key.getKey().longValue(), count);
		});
		return (grant == null) ? NONE : grant;
	}

	/**
	 * Permits granted in one row of {@code gateway_grant}; unused ones are taken off it,
	 * never more than were granted, however often they are given back.
	 */
	private final class Grant implements Permits {

		private final long id;

		private final int count;

		private int kept;

		Grant(long id, int count) {
			this.id = id;
			this.count = count;
			this.kept = count;
		}

		@Override
		public int count() {
			return this.count;
		}

		@Override
		public void giveBack(int unused) {
			int back;
			synchronized (this) {
				back = Math.min(Math.max(unused, 0), this.kept);
				this.kept -= back;
			}
			if (back == 0) {
				return;
			}
			GatewayRateLimit.this.jdbc.update(
					"update gateway_grant set permits = permits - :n where id = :id and permits >= :n",
					new MapSqlParameterSource().addValue("id", this.id).addValue("n", back));
		}

	}

	/** Holds every instance's sends until {@code until} (a later pause wins). */
	void pause(Instant until) {
		this.jdbc.update(
				"update gateway_rate set paused_until = :until where gateway = :gateway "
						+ "and (paused_until is null or paused_until < :until)",
				new MapSqlParameterSource().addValue("gateway", this.gateway).addValue("until", utc(until)));
	}

	Instant pausedUntil() {
		List<Object> rows = this.jdbc.queryForList("select paused_until from gateway_rate where gateway = :gateway",
				Map.of("gateway", this.gateway), Object.class);
		return rows.isEmpty() ? null : instant(rows.get(0));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
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
