package org.attendancebridge.connector;

import java.util.Optional;

/**
 * Writes back into one kind of MIS: a note on a pupil (addressed to staff for an alert),
 * an amended mark and a document (a letter's PDF) attached to the pupil. Each write
 * carries our reference ({@code ab-<id>}) in the MIS's own record, so a write in doubt is
 * looked up by it before it is made again. A write is tried once: a request that may have
 * arrived is never repeated here, it is the caller's to look up. Refusals (the MIS
 * answered that it will not take the write) are {@link MisWriteRefused}; a request that
 * failed on the way is {@link MisHttpException}. Each kind lives in its connector
 * package; none imports another.
 */
public interface MisWriter {

	MisKind kind();

	/** Adds the note to the pupil's record; returns the MIS's id for it. */
	MisWritten addNote(ConnectorConfig school, MisNote note);

	/** The note carrying the note's reference, if an earlier attempt arrived. */
	Optional<MisWritten> findNote(ConnectorConfig school, MisNote note);

	/** Rewrites the pupil's sessions of the day that still carry the old code. */
	MisWritten amend(ConnectorConfig school, MarkAmendment amendment);

	/** The sessions already amended under the amendment's reference, if any. */
	Optional<MisWritten> findAmendment(ConnectorConfig school, MarkAmendment amendment);

	/** Attaches the document to the pupil's record; returns the MIS's id for it. */
	MisWritten attach(ConnectorConfig school, MisDocument document);

	/** The document carrying the document's reference, if an earlier attempt arrived. */
	Optional<MisWritten> findDocument(ConnectorConfig school, MisDocument document);

}
