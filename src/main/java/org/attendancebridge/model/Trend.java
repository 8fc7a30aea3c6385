package org.attendancebridge.model;

/**
 * Which way a pupil's attendance is heading: attendance over the last {@code weeks}
 * school weeks against the {@code weeks} before them. Computed from the register on
 * demand; a derived figure, never stored as truth.
 */
public record Trend(AttendanceStats recent, AttendanceStats before) {

	/** The trend up to and including school day {@code lastDay}. */
	public static Trend of(PupilRegister register, SchoolCalendar calendar, int lastDay, int weeks) {
		if (lastDay < 0) {
			return new Trend(AttendanceStats.EMPTY, AttendanceStats.EMPTY);
		}
		int currentWeek = calendar.weekOf(lastDay);
		int recentFrom = calendar.firstDayOfWeek(Math.max(0, currentWeek - weeks + 1));
		int beforeFrom = calendar.firstDayOfWeek(Math.max(0, currentWeek - 2 * weeks + 1));
		AttendanceStats before = (recentFrom == beforeFrom) ? AttendanceStats.EMPTY
				: stats(register, beforeFrom, recentFrom - 1);
		return new Trend(stats(register, recentFrom, lastDay), before);
	}

	/** Counts over school days {@code from}..{@code to}, inclusive. */
	public static AttendanceStats stats(PupilRegister register, int from, int to) {
		int[] counts = new int[DfeCode.count()];
		for (int day = from; day <= to; day++) {
			int am = register.rawAm(day);
			int pm = register.rawPm(day);
			if (am > 0) {
				counts[am - 1]++;
			}
			if (pm > 0) {
				counts[pm - 1]++;
			}
		}
		int possible = 0;
		int present = 0;
		int approved = 0;
		int authorised = 0;
		int unauthorised = 0;
		for (DfeCode code : DfeCode.values()) {
			int n = counts[code.ordinal()];
			if (n == 0 || !code.isPossible()) {
				continue;
			}
			possible += n;
			switch (code.category()) {
				case PRESENT -> present += n;
				case APPROVED_EDUCATIONAL_ACTIVITY -> approved += n;
				case AUTHORISED_ABSENCE -> authorised += n;
				default -> unauthorised += n;
			}
		}
		return new AttendanceStats(possible, present, approved, authorised, unauthorised, counts[DfeCode.I.ordinal()]);
	}

	/**
	 * Percentage points gained (positive) or lost over the recent weeks; 0 without
	 * history.
	 */
	public double change() {
		if (this.recent.possible() == 0 || this.before.possible() == 0) {
			return 0.0;
		}
		return this.recent.attendancePct() - this.before.attendancePct();
	}

}
