package org.attendancebridge.mock;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A fault a mock plays on the writes it receives (a text sent, an incident created), so a
 * test can prove what a client does when the far side misbehaves.
 *
 * @param kind what goes wrong
 * @param status the HTTP status of a {@link Kind#SERVER_ERROR}
 * @param recorded whether the write is kept although the caller sees a failure: a 5xx or
 * a dropped connection may or may not have done the work, and clients must reconcile
 * @param delay how long a {@link Kind#SLOW} or trickling answer takes
 * @param retryAfterSeconds the {@code Retry-After} of a {@link Kind#RATE_LIMITED} answer
 * @param times how many writes it hits before switching itself off; 0 for until cleared
 */
public record MockFault(Kind kind, int status, boolean recorded, Duration delay, int retryAfterSeconds, int times) {

	/** What goes wrong. */
	public enum Kind {

		/** A 500, 502 or 503 with a short error body. */
		SERVER_ERROR,
		/** The connection is reset after the request was read. */
		CONNECTION_RESET,
		/** The answer is correct but late, long enough for a client to time out. */
		SLOW,
		/**
		 * The answer is correct but its body trickles in, a few bytes at a time, over the
		 * delay: no single read waits long, so a client with only a read timeout waits it
		 * all out.
		 */
		TRICKLE,
		/**
		 * As {@link #TRICKLE}, but the answer declares its length
		 * ({@code Content-Length}) instead of coming in chunks.
		 */
		TRICKLE_FIXED_LENGTH,
		/** A 429 with {@code Retry-After}; nothing is recorded. */
		RATE_LIMITED,
		/**
		 * A 200 carrying an HTML maintenance page, as a proxy in front of the service
		 * gives.
		 */
		MAINTENANCE_PAGE

	}

	public static MockFault serverError(int status, boolean recorded) {
		if (status < 500 || status > 599) {
			throw new IllegalArgumentException("a server error needs a 5xx status, not " + status);
		}
		return new MockFault(Kind.SERVER_ERROR, status, recorded, Duration.ZERO, 0, 0);
	}

	public static MockFault connectionReset(boolean recorded) {
		return new MockFault(Kind.CONNECTION_RESET, 0, recorded, Duration.ZERO, 0, 0);
	}

	/**
	 * A late answer; the write is always recorded, like a timeout after the far side did
	 * the work.
	 */
	public static MockFault slow(Duration delay) {
		return new MockFault(Kind.SLOW, 200, true, delay, 0, 0);
	}

	/**
	 * An answer trickling in over {@code delay}; the write is always recorded, as with
	 * {@link #slow}.
	 */
	public static MockFault trickle(Duration delay) {
		return new MockFault(Kind.TRICKLE, 200, true, delay, 0, 0);
	}

	/**
	 * As {@link #trickle}, the answer declaring its length instead of coming in chunks.
	 */
	public static MockFault trickleFixedLength(Duration delay) {
		return new MockFault(Kind.TRICKLE_FIXED_LENGTH, 200, true, delay, 0, 0);
	}

	public static MockFault rateLimited(int retryAfterSeconds) {
		return new MockFault(Kind.RATE_LIMITED, 429, false, Duration.ZERO, retryAfterSeconds, 0);
	}

	public static MockFault maintenancePage() {
		return new MockFault(Kind.MAINTENANCE_PAGE, 200, false, Duration.ZERO, 0, 0);
	}

	/**
	 * The same fault, switching itself off after {@code count} writes ("fail twice, then
	 * succeed").
	 */
	public MockFault times(int count) {
		return new MockFault(this.kind, this.status, this.recorded, this.delay, this.retryAfterSeconds, count);
	}

	/**
	 * Reads the body of an admin call such as
	 * {@code {"kind":"server-error","status":503,"recorded":true,"times":2}}.
	 */
	public static MockFault fromAdminCall(Map<String, Object> body) {
		String kind = String.valueOf(body.getOrDefault("kind", "")).toLowerCase(Locale.ROOT);
		boolean recorded = Boolean.TRUE.equals(body.get("recorded"));
		MockFault fault = switch (kind) {
			case "server-error" -> serverError(number(body, "status", 503), recorded);
			case "connection-reset" -> connectionReset(recorded);
			case "slow" -> slow(Duration.ofMillis(number(body, "delayMs", 5000)));
			case "trickle" -> trickle(Duration.ofMillis(number(body, "delayMs", 5000)));
			case "trickle-fixed-length" -> trickleFixedLength(Duration.ofMillis(number(body, "delayMs", 5000)));
			case "rate-limited" -> rateLimited(number(body, "retryAfter", 30));
			case "maintenance-page" -> maintenancePage();
			default -> throw new IllegalArgumentException(
					"kind must be server-error, connection-reset, slow, trickle, trickle-fixed-length, rate-limited or "
							+ "maintenance-page, not '" + kind + "'");
		};
		return fault.times(number(body, "times", 0));
	}

	private static int number(Map<String, Object> body, String key, int fallback) {
		Object value = body.get(key);
		if (value == null) {
			return fallback;
		}
		if (value instanceof Number n) {
			return n.intValue();
		}
		throw new IllegalArgumentException(key + " must be a number");
	}

}
