package org.attendancebridge.action.sms;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The mass-text breaker: if one run would text more than a share of a school's roll (a
 * policy or register gone wrong, the failure schools remember), SMS halts for that
 * school, its texts stay PENDING, and an error names the school and the counts. The halt
 * is a row in {@code dispatch_hold}, so every instance sees it; it lasts until an
 * operator releases it ({@link #release}), which lets that school's texts go for the rest
 * of the school day.
 */
public class SmsBreaker {

	private static final Logger log = LoggerFactory.getLogger(SmsBreaker.class);

	private final NamedParameterJdbcTemplate jdbc;

	private final SmsRecipients recipients;

	private final ConnectorRegistry schools;

	private final double defaultShare;

	private final Clock clock;

	SmsBreaker(NamedParameterJdbcTemplate jdbc, SmsRecipients recipients, ConnectorRegistry schools,
			double defaultShare, Clock clock) {
		this.jdbc = jdbc;
		this.recipients = recipients;
		this.schools = schools;
		this.defaultShare = defaultShare;
		this.clock = clock;
	}

	/** The schools whose texts must wait: halted before, or tripped now. */
	Set<String> hold(Map<String, Integer> dueBySchool) {
		Set<String> held = new LinkedHashSet<>();
		for (Map.Entry<String, Integer> due : dueBySchool.entrySet()) {
			String school = due.getKey();
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"select released_at from dispatch_hold where school_id = :school and kind = 'sms'",
					Map.of("school", school));
			if (!rows.isEmpty()) {
				Object released = rows.get(0).get("released_at");
				if (released == null) {
					held.add(school);
					continue;
				}
				if (schoolDay(school, released).equals(today(school))) {
					continue;
				}
			}
			int roll = this.recipients.roll(school);
			double share = this.schools.find(school)
				.map(ConnectorConfig::dispatch)
				.map(ConnectorConfig.Dispatch::smsBreakerShare)
				.orElse(this.defaultShare);
			if (due.getValue() > share * roll) {
				trip(school, due.getValue(), roll, share, !rows.isEmpty());
				held.add(school);
			}
		}
		return held;
	}

	private void trip(String school, int due, int roll, double share, boolean replace) {
		String reason = due + " texts due for a roll of " + roll + ", more than " + Math.round(share * 100) + "% of it";
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("school", school)
			.addValue("reason", reason)
			.addValue("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		if (replace) {
			this.jdbc.update("update dispatch_hold set reason = :reason, held_at = :now, released_at = null, "
					+ "released_by = null where school_id = :school and kind = 'sms'", p);
		}
		else {
			this.jdbc.update("insert into dispatch_hold (school_id, kind, reason, held_at) select :school, 'sms', "
					+ ":reason, :now where not exists (select 1 from dispatch_hold where school_id = :school "
					+ "and kind = 'sms')", p);
		}
		log.error("SMS HALTED for school {}: {}. The texts stay PENDING until an operator checks them and "
				+ "releases the school (SmsBreaker.release)", school, reason);
	}

	/** Lets the school's texts go for the rest of its school day. */
	public boolean release(String school, String operator) {
		int released = this.jdbc.update(
				"update dispatch_hold set released_at = :now, released_by = :by where school_id = :school "
						+ "and kind = 'sms' and released_at is null",
				new MapSqlParameterSource().addValue("school", school)
					.addValue("by", (operator == null) ? "an operator" : operator)
					.addValue("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)));
		if (released == 1) {
			log.warn("SMS released for school {} by {} for the rest of the school day", school, operator);
		}
		return released == 1;
	}

	/** The schools whose SMS is halted now. */
	public List<String> halted() {
		return this.jdbc.queryForList(
				"select school_id from dispatch_hold where kind = 'sms' and released_at is null order by school_id",
				Map.of(), String.class);
	}

	private LocalDate today(String school) {
		return this.clock.instant().atZone(zone(school)).toLocalDate();
	}

	private LocalDate schoolDay(String school, Object at) {
		java.time.Instant instant = (at instanceof OffsetDateTime odt) ? odt.toInstant()
				: ((java.sql.Timestamp) at).toInstant();
		return instant.atZone(zone(school)).toLocalDate();
	}

	private ZoneId zone(String school) {
		return this.schools.timeZone(school);
	}

}
