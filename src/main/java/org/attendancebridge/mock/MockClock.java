package org.attendancebridge.mock;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The simulated school clock, in Europe/London. It starts at a chosen instant and runs at
 * a chosen speed against a real clock, so a demo can live through a school morning in
 * minutes; it can be set again at any time. Everything in the mock reads time from here,
 * never from the wall clock.
 */
public final class MockClock extends Clock {

	public static final ZoneId LONDON = ZoneId.of("Europe/London");

	/** Monday of the week after half term, just before the morning register. */
	public static final Instant DEFAULT_START = LocalDateTime.of(2024, 11, 11, 8, 40).atZone(LONDON).toInstant();

	private final Clock real;

	private Instant simulatedAnchor;

	private Instant realAnchor;

	private double speed;

	public MockClock(Instant start, double speed) {
		this(Clock.systemUTC(), start, speed);
	}

	/** With the real clock given, so tests can drive it. */
	public MockClock(Clock real, Instant start, double speed) {
		this.real = real;
		set(start, speed);
	}

	public static MockClock startingAt(LocalDateTime londonTime, double speed) {
		return new MockClock(londonTime.atZone(LONDON).toInstant(), speed);
	}

	/** Jumps to {@code now} and runs on at {@code speed} (0 stops the clock). */
	public synchronized void set(Instant now, double speed) {
		if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
			throw new IllegalArgumentException("speed must be a finite number of 0 or more");
		}
		this.simulatedAnchor = now;
		this.realAnchor = this.real.instant();
		this.speed = speed;
	}

	public synchronized double speed() {
		return this.speed;
	}

	@Override
	public synchronized Instant instant() {
		long realNanos = java.time.Duration.between(this.realAnchor, this.real.instant()).toNanos();
		return this.simulatedAnchor.plusNanos((long) (realNanos * this.speed));
	}

	@Override
	public ZoneId getZone() {
		return LONDON;
	}

	/** A view in another zone that still runs on this clock. */
	@Override
	public Clock withZone(ZoneId zone) {
		MockClock source = this;
		return new Clock() {

			@Override
			public Instant instant() {
				return source.instant();
			}

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return source.withZone(other);
			}

		};
	}

	public LocalDateTime londonNow() {
		return LocalDateTime.ofInstant(instant(), LONDON);
	}

	/** The instant a London wall-clock time on a date happened. */
	public static Instant at(LocalDate date, LocalTime time) {
		return date.atTime(time).atZone(LONDON).toInstant();
	}

}
