package org.attendancebridge.connector;

import java.time.LocalDate;

/**
 * A mark to rewrite in the MIS: the pupil's sessions of one day that still carry
 * {@code from} become {@code to}, with the reason as the mark's comment.
 *
 * @param pupilId our internal pupil id
 * @param date the register day
 * @param from the DfeCode symbol to replace ({@code N})
 * @param to the DfeCode symbol to write ({@code O})
 * @param reference our reference ({@code ab-<id>}), written into the comment
 * @param reason why, for the register's audit trail
 */
public record MarkAmendment(String pupilId, LocalDate date, String from, String to, String reference, String reason) {

	/** The mark's comment as written to the MIS, with our reference at its end. */
	public String comment() {
		return this.reason + " [" + this.reference + "]";
	}

}
