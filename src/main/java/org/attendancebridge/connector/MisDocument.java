package org.attendancebridge.connector;

import java.util.Base64;

/**
 * A document to attach to a pupil's record in the MIS: a letter home as a PDF.
 *
 * @param pupilId our internal pupil id; the connector turns it back into the MIS's own
 * @param reference our reference ({@code ab-<id>}), kept with the document so an attempt
 * in doubt can be looked up
 * @param title what the school sees in the pupil's documents (the letter's template),
 * never a name
 * @param fileName the file's name, with no personal data in it
 * @param pdf the document itself
 */
public record MisDocument(String pupilId, String reference, String title, String fileName, byte[] pdf) {

	public static final String CONTENT_TYPE = "application/pdf";

	/** The PDF as the MISs take it inside JSON. */
	public String base64() {
		return Base64.getEncoder().encodeToString(this.pdf);
	}

}
