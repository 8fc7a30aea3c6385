package org.attendancebridge.connector;

import java.time.LocalDate;

/**
 * A record from the MIS that could not be used: an unknown code, an unknown pupil, a
 * malformed entry. Reported with the school, our internal pupil id (never a name or UPN),
 * the date and the reason; the rest of the batch still lands.
 *
 * @param pupilRecord true when the record is the pupil's own (their flags, their home
 * language): the pupil stays as last stored, on roll with their flags and contacts,
 * rather than being stored with a value nobody sent or taken off the roll
 */
public record RejectedRecord(String school, String pupilId, LocalDate date, String reason, boolean pupilRecord) {

	/** A rejected record of a mark, or of part of a pupil's record (a contact). */
	public RejectedRecord(String school, String pupilId, LocalDate date, String reason) {
		this(school, pupilId, date, reason, false);
	}

	/** A pupil's own record, unusable: the pupil stays as last stored. */
	public static RejectedRecord pupil(String school, String pupilId, String reason) {
		return new RejectedRecord(school, pupilId, null, reason + "; the pupil stays as last stored", true);
	}

	@Override
	public String toString() {
		return this.school + ": pupil " + ((this.pupilId == null) ? "?" : this.pupilId)
				+ ((this.date == null) ? "" : " on " + this.date) + ": " + this.reason;
	}

}
