package org.attendancebridge.connector;

import java.time.LocalDate;

/**
 * A record from the MIS that could not be used: an unknown code, an unknown pupil, a
 * malformed entry. Reported with the school, our internal pupil id (never a name or UPN),
 * the date and the reason; the rest of the batch still lands.
 */
public record RejectedRecord(String school, String pupilId, LocalDate date, String reason) {

	@Override
	public String toString() {
		return this.school + ": pupil " + ((this.pupilId == null) ? "?" : this.pupilId)
				+ ((this.date == null) ? "" : " on " + this.date) + ": " + this.reason;
	}

}
