package org.attendancebridge.action.dispatch;

/**
 * Requests a channel's pacing allows now ({@link ChannelPacing#permits}); those a claim
 * found no row for are given back, so other senders may use them.
 */
public interface Permits {

	/** How many requests may be made. */
	int count();

	/**
	 * Returns {@code unused} of them: those a claim found no row for, and those of rows
	 * claimed but not sent. May be called more than once; what goes back in all is at
	 * most {@link #count()}.
	 */
	void giveBack(int unused);

	/** Permits for an unpaced channel: all that were wanted, nothing to give back. */
	static Permits all(int wanted) {
		return new Permits() {

			@Override
			public int count() {
				return wanted;
			}

			@Override
			public void giveBack(int unused) {
			}

		};
	}

}
