package org.attendancebridge.model;

/**
 * Session counts and the figures derived from them. Percentages are unrounded for
 * comparisons; aggregate over pupils with {@link #plus}, never by averaging percentages.
 */
public record AttendanceStats(int possible, int present, int approvedActivity, int authorised, int unauthorised,
		int illness) {

	public static final AttendanceStats EMPTY = new AttendanceStats(0, 0, 0, 0, 0, 0);

	public static AttendanceStats of(Iterable<DfeCode> codes) {
		int possible = 0;
		int present = 0;
		int approved = 0;
		int authorised = 0;
		int unauthorised = 0;
		int illness = 0;
		for (DfeCode code : codes) {
			switch (code.category()) {
				case PRESENT -> present++;
				case APPROVED_EDUCATIONAL_ACTIVITY -> approved++;
				case AUTHORISED_ABSENCE -> authorised++;
				case UNAUTHORISED_ABSENCE -> unauthorised++;
				default -> {
					continue;
				}
			}
			possible++;
			if (code.isIllness()) {
				illness++;
			}
		}
		return new AttendanceStats(possible, present, approved, authorised, unauthorised, illness);
	}

	public AttendanceStats plus(AttendanceStats other) {
		return new AttendanceStats(this.possible + other.possible, this.present + other.present,
				this.approvedActivity + other.approvedActivity, this.authorised + other.authorised,
				this.unauthorised + other.unauthorised, this.illness + other.illness);
	}

	/**
	 * Sessions that count as attendance: present (including late) and approved
	 * activities.
	 */
	public int attended() {
		return this.present + this.approvedActivity;
	}

	public int absent() {
		return this.authorised + this.unauthorised;
	}

	/** Attendance as a percentage of possible sessions; 100 when there were none. */
	public double attendancePct() {
		return Percent.of(attended(), this.possible);
	}

	public double absencePct() {
		return 100.0 - attendancePct();
	}

	/** Hours of learning lost to absence, at the school's length of a session. */
	public double hoursLost(double hoursPerSession) {
		return absent() * hoursPerSession;
	}

	/** Persistent absence: missing 10% or more of possible sessions. */
	public boolean persistentlyAbsent() {
		return this.possible > 0 && absent() * 10 >= this.possible;
	}

	/** Severe absence: missing 50% or more of possible sessions. */
	public boolean severelyAbsent() {
		return this.possible > 0 && absent() * 2 >= this.possible;
	}

}
