package org.attendancebridge.model;

/**
 * One pupil's register in compact form: a byte per session per school day of a
 * {@link SchoolCalendar}, holding {@code DfeCode.ordinal() + 1}, or 0 where no mark was
 * taken. Two bytes a day keep a year of a whole local authority in memory.
 */
public final class PupilRegister {

	private static final byte NONE = 0;

	private final byte[] am;

	private final byte[] pm;

	public PupilRegister(int schoolDays) {
		this.am = new byte[schoolDays];
		this.pm = new byte[schoolDays];
	}

	/**
	 * Records a mark.
	 * @return false when the session already carried a mark (the caller decides whether a
	 * duplicate is an error)
	 */
	public boolean put(int dayIndex, Session session, DfeCode code) {
		byte[] sessions = (session == Session.AM) ? this.am : this.pm;
		boolean fresh = sessions[dayIndex] == NONE;
		sessions[dayIndex] = (byte) (code.ordinal() + 1);
		return fresh;
	}

	/** The code of a session, or null where no mark was taken. */
	public DfeCode get(int dayIndex, Session session) {
		int raw = ((session == Session.AM) ? this.am : this.pm)[dayIndex];
		return (raw == NONE) ? null : DfeCode.ofOrdinal(raw - 1);
	}

	/** The raw AM byte: {@code ordinal + 1}, or 0. For tight loops. */
	public int rawAm(int dayIndex) {
		return this.am[dayIndex];
	}

	/** The raw PM byte: {@code ordinal + 1}, or 0. For tight loops. */
	public int rawPm(int dayIndex) {
		return this.pm[dayIndex];
	}

	/**
	 * A copy of this register, kept on the calendar {@code from}, laid out on the
	 * calendar {@code to}, which holds every day of {@code from}: each day's marks move
	 * to that day's index there.
	 */
	public PupilRegister copyOnto(SchoolCalendar from, SchoolCalendar to) {
		PupilRegister copy = new PupilRegister(to.size());
		for (int day = 0; day < from.size(); day++) {
			int index = (from.size() == to.size()) ? day : to.indexOf(from.day(day));
			copy.am[index] = this.am[day];
			copy.pm[index] = this.pm[day];
		}
		return copy;
	}

	public int schoolDays() {
		return this.am.length;
	}

}
