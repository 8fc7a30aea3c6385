package org.attendancebridge.logging;

import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The correlation id of what this thread is doing (a poll, a dispatch run, one action's
 * attempt, an HTTP request), kept in the MDC under {@value #KEY} so every log line of it
 * carries the id ({@code logging.pattern.correlation}, and a field of its own in
 * structured logs). An id is only ever made of school ids, counters, action references
 * and opaque request ids: never a name, number or anything else about a pupil.
 */
public final class Correlation {

	/** The MDC key. */
	public static final String KEY = "correlationId";

	/** What an id may be: letters, digits and {@code . _ : -}, 1 to 64 of them. */
	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private Correlation() {
	}

	/** The id in force on this thread, or null. */
	public static String current() {
		return MDC.get(KEY);
	}

	/** Whether an id from outside (a request header) may be used as it is. */
	public static boolean acceptable(String id) {
		return id != null && SAFE.matcher(id).matches();
	}

	/**
	 * Puts the id in force until the returned scope is closed, which brings back the id
	 * that was in force before (a dispatch run's id after one action's).
	 */
	public static Scope open(String id) {
		if (!acceptable(id)) {
			throw new IllegalArgumentException("not a correlation id: letters, digits and . _ : - only");
		}
		String before = MDC.get(KEY);
		MDC.put(KEY, id);
		return new Scope(before);
	}

	/** Brings back the id in force before {@link #open}. */
	public static final class Scope implements AutoCloseable {

		private final String before;

		private Scope(String before) {
			this.before = before;
		}

		@Override
		public void close() {
			if (this.before == null) {
				MDC.remove(KEY);
			}
			else {
				MDC.put(KEY, this.before);
			}
		}

	}

}
