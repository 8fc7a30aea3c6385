package org.attendancebridge.connector;

import java.util.List;

/**
 * A note to write on a pupil's record in the MIS.
 *
 * @param pupilId our internal pupil id ({@code arbor-12}, {@code sims-L-5}, ...); the
 * connector turns it back into the MIS's own
 * @param reference our reference ({@code ab-<id>}), written into the note so it can be
 * found again
 * @param title a short title (the template's id, the rule)
 * @param text the note itself: figures and reasons, never a name
 * @param staffIds the staff it is addressed to (an alert), empty for a plain note
 */
public record MisNote(String pupilId, String reference, String title, String text, List<String> staffIds) {

	public MisNote {
		staffIds = List.copyOf(staffIds);
	}

	public boolean isAlert() {
		return !this.staffIds.isEmpty();
	}

	/** The text as written to the MIS, with our reference at its end. */
	public String body() {
		return this.text + "\n[" + this.reference + "]";
	}

}
