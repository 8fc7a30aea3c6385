package org.attendancebridge.connector;

/** What a poll asks of the MIS. */
public enum SyncMode {

	/** Around register times: what changed since the watermark, as fast as possible. */
	REGISTER,
	/** The rest of the school day: what changed since the watermark. */
	HOURLY,
	/**
	 * At night: the whole term re-read and compared, which catches deletions and the
	 * edits a change feed misses.
	 */
	NIGHTLY;

	public static SyncMode parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("sync mode must be register, hourly or nightly, not '" + text + "'");
		}
	}

}
