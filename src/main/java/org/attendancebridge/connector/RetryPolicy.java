package org.attendancebridge.connector;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next try of a MIS request: the server's {@code Retry-After}
 * when it gives one (capped), else exponential backoff with full jitter, so many schools'
 * retries never arrive in step.
 *
 * @param attempts tries in all, the first included
 * @param base the first backoff
 * @param cap the longest wait, whatever the server asks
 */
public record RetryPolicy(int attempts, Duration base, Duration cap) {

	public static final RetryPolicy DEFAULTS = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(60));

	/** The wait before try {@code next} (2 for the first retry). */
	public Duration backoff(int next, Duration retryAfter, RandomGenerator random) {
		if (retryAfter != null) {
			return (retryAfter.compareTo(this.cap) > 0) ? this.cap : retryAfter;
		}
		long ceiling = Math.min(this.cap.toMillis(), this.base.toMillis() << Math.min(20, next - 2));
		return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
	}

}
