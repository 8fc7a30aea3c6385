package org.attendancebridge.model;

/**
 * How a register code counts in the DfE arithmetic. Only the first four categories are
 * possible sessions; the rest neither help nor hurt a pupil's attendance.
 */
public enum CodeCategory {

	PRESENT(true), APPROVED_EDUCATIONAL_ACTIVITY(true), AUTHORISED_ABSENCE(true), UNAUTHORISED_ABSENCE(true),
	NOT_COUNTED(false), NO_MARK(false);

	private final boolean possible;

	CodeCategory(boolean possible) {
		this.possible = possible;
	}

	public boolean isPossible() {
		return this.possible;
	}

	/** Present or at an approved educational activity: both count as attendance. */
	public boolean isAttendance() {
		return this == PRESENT || this == APPROVED_EDUCATIONAL_ACTIVITY;
	}

	public boolean isAbsence() {
		return this == AUTHORISED_ABSENCE || this == UNAUTHORISED_ABSENCE;
	}

}
