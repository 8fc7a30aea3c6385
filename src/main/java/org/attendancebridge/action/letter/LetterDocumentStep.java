package org.attendancebridge.action.letter;

import java.util.List;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.policy.ActionKind;

/**
 * The outbox action that follows each letter made: attaching its PDF to the pupil in the
 * school's MIS ({@code mis-document}). It is an action of its own, so the post tray never
 * waits on the MIS, and the attachment has its own attempts, backoff, dead letter and
 * action log entries, and is reconciled by its own reference. Its dedupe key is the
 * letter's with {@value #KEY_SUFFIX} added: one attachment per letter, however often it
 * is proposed, and the letter is found again from it.
 */
public final class LetterDocumentStep {

	/** What a letter's dedupe key is followed by in its attachment's key. */
	public static final String KEY_SUFFIX = "|" + ActionKind.MIS_DOCUMENT.id();

	private LetterDocumentStep() {
	}

	/** The attachment of the letter made for {@code letter}. */
	static PlannedAction of(PlannedAction letter, String letterReference, long letterId) {
		return new PlannedAction(letter.dedupeKey() + KEY_SUFFIX, letter.school(), letter.pupilId(), letter.policy(),
				letter.policyVersion(), letter.rule(), false, letter.decidedOn(), ActionKind.MIS_DOCUMENT, "mis",
				letter.template(), List.of(), letter.due(), null, null, "letter " + letterId + " (" + letter.template()
						+ ", action " + letterReference + ") to attach to the pupil in the MIS",
				letter.figures());
	}

	/** The dedupe key of the letter an attachment follows. */
	static String letterKey(String documentKey) {
		if (!documentKey.endsWith(KEY_SUFFIX)) {
			throw new IllegalArgumentException("'" + documentKey + "' is not the key of a letter's attachment");
		}
		return documentKey.substring(0, documentKey.length() - KEY_SUFFIX.length());
	}

}
