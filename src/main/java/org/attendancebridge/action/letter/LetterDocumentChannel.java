package org.attendancebridge.action.letter;

import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Gateway;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.letter.LetterStore.StoredLetter;
import org.attendancebridge.action.mis.MisWrites;
import org.attendancebridge.connector.MisDocument;
import org.attendancebridge.policy.ActionKind;

import org.springframework.stereotype.Component;

/**
 * Attaches a letter's PDF to the pupil in the school's MIS ({@code mis-document}, the
 * step proposed when the letter was made): exactly once, with this action's reference
 * kept with the document, so a retry after a 5xx, or an attempt left in doubt by a
 * timeout after the request left, is looked up in the MIS before anything is written
 * again ({@link MisWrites}). Wonde takes no documents: the action ends FAILED saying so,
 * naming the school, and the letter stays in the post tray for posting.
 */
@Component
public class LetterDocumentChannel implements Channel {

	private final LetterStore letters;

	private final MisWrites writes;

	public LetterDocumentChannel(LetterStore letters, MisWrites writes) {
		this.letters = letters;
		this.writes = writes;
	}

	@Override
	public Set<String> kinds() {
		return Set.of(ActionKind.MIS_DOCUMENT.id());
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		Optional<StoredLetter> letter = letter(action);
		if (letter.isEmpty()) {
			return noLetter(action);
		}
		MisDocument document = document(action, letter.get());
		Delivery delivery = this.writes.deliver(action, (writer, school) -> writer.attach(school, document),
				(writer, school) -> writer.findDocument(school, document));
		return withLetter(delivery, letter.get());
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.MIS);
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		Optional<StoredLetter> letter = letter(action);
		if (letter.isEmpty()) {
			return Optional.of(noLetter(action));
		}
		MisDocument document = document(action, letter.get());
		return this.writes.find(action, (writer, school) -> writer.findDocument(school, document))
			.map((found) -> withLetter(found, letter.get()));
	}

	private Optional<StoredLetter> letter(OutboxAction action) {
		return this.letters.forActionKey(LetterDocumentStep.letterKey(action.planned().dedupeKey()));
	}

	private static Delivery noLetter(OutboxAction action) {
		return Delivery.failed(action.planned().school() + ": no letter was made for the action this attachment "
				+ action.reference() + " follows");
	}

	/** The letter as the MIS keeps it: no name in its title or file name. */
	private static MisDocument document(OutboxAction action, StoredLetter letter) {
		return new MisDocument(action.planned().pupilId(), action.reference(),
				"Attendance letter: " + letter.template(), "attendance-letter-" + letter.id() + ".pdf", letter.pdf());
	}

	private static Delivery withLetter(Delivery delivery, StoredLetter letter) {
		String detail = "letter " + letter.id() + ": " + delivery.detail();
		return new Delivery(delivery.outcome(), delivery.providerId(), detail, delivery.gateway());
	}

}
