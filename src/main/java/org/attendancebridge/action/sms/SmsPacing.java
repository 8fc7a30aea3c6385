package org.attendancebridge.action.sms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.dispatch.ChannelPacing;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.dispatch.Permits;
import org.attendancebridge.connector.ConnectorRegistry;

/**
 * How texts are paced: the gateway's shared rate limit and its 429 pauses, quiet hours on
 * the school's clock (none from 21:00 to 07:00 by default; the first-day text is exempt
 * and goes by its deadline), and the mass-text breaker.
 */
final class SmsPacing implements ChannelPacing {

	private final GatewayRateLimit rate;

	private final SmsBreaker breaker;

	private final ConnectorRegistry schools;

	private final SmsProperties settings;

	SmsPacing(GatewayRateLimit rate, SmsBreaker breaker, ConnectorRegistry schools, SmsProperties settings) {
		this.rate = rate;
		this.breaker = breaker;
		this.schools = schools;
		this.settings = settings;
	}

	@Override
	public Set<String> kinds() {
		return SmsChannel.KINDS;
	}

	@Override
	public Permits permits(int wanted) {
		return this.rate.take(wanted);
	}

	@Override
	public Instant pausedUntil() {
		return this.rate.pausedUntil();
	}

	@Override
	public Optional<Instant> notBefore(OutboxAction action, Instant now) {
		if (this.settings.quietExemptRules().contains(action.planned().rule())) {
			return Optional.empty();
		}
		ZoneId zone = this.schools.timeZone(action.planned().school());
		return quietUntil(now.atZone(zone), this.settings.quietFrom(), this.settings.quietUntil());
	}

	/** The end of the quiet hours {@code at} falls in, if it does. */
	static Optional<Instant> quietUntil(ZonedDateTime at, LocalTime from, LocalTime until) {
		LocalTime time = at.toLocalTime();
		LocalDate day = at.toLocalDate();
		boolean overnight = from.isAfter(until);
		boolean quiet = overnight ? (!time.isBefore(from) || time.isBefore(until))
				: (!time.isBefore(from) && time.isBefore(until));
		if (!quiet) {
			return Optional.empty();
		}
		LocalDate endDay = (overnight && !time.isBefore(from)) ? day.plusDays(1) : day;
		return Optional.of(endDay.atTime(until).atZone(at.getZone()).toInstant());
	}

	@Override
	public Set<String> schoolsToHold(Map<String, Integer> dueBySchool) {
		return this.breaker.hold(dueBySchool);
	}

	@Override
	public List<String> halted() {
		return this.breaker.halted();
	}

}
