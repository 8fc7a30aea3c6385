package org.attendancebridge.action.letter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Letters home: renders the action's letter to PDF and puts it in the school's post tray
 * ({@link LetterStore#forPosting}), and in the same transaction proposes the action that
 * attaches it to the pupil in the MIS ({@link LetterDocumentStep}, sent by
 * {@link LetterDocumentChannel}). Everything here happens in our own database, so a retry
 * finds the letter already made and nothing is ever in doubt; every way a letter is found
 * made proposes its attachment again, which the dedupe key makes harmless.
 */
@Component
public class LetterChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(LetterChannel.class);

	private static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

	private final LetterRenderer renderer;

	private final LetterStore letters;

	private final PupilLookup pupils;

	private final Clock clock;

	private final OutboxStore outbox;

	private final TransactionTemplate tx;

	@Autowired
	public LetterChannel(@Value("${attendance-bridge.policies-dir}") Path policies, LetterStore letters,
			PupilLookup pupils, Clock clock, OutboxStore outbox, PlatformTransactionManager transactions) {
		this(new LetterRenderer(TemplateCatalog.load(policies.resolve("templates"))), letters, pupils, clock, outbox,
				new TransactionTemplate(transactions));
	}

	LetterChannel(LetterRenderer renderer, LetterStore letters, PupilLookup pupils, Clock clock, OutboxStore outbox,
			TransactionTemplate tx) {
		this.renderer = renderer;
		this.letters = letters;
		this.pupils = pupils;
		this.clock = clock;
		this.outbox = outbox;
		this.tx = tx;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("letter");
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		Optional<Long> made = this.letters.forAction(action.id());
		if (made.isPresent()) {
			attachLater(action, made.get());
			return Delivery.sent(providerId(made.get()), "letter already made for this action");
		}
		Optional<PupilCard> pupil = this.pupils.find(action.planned().school(), action.planned().pupilId());
		if (pupil.isEmpty()) {
			return Delivery.failed("pupil " + action.planned().pupilId() + " is not in the store");
		}
		final byte[] pdf;
		try {
			LetterRenderer.Letter letter = this.renderer.compose(action.planned(), pupil.get(),
					LocalDate.ofInstant(this.clock.instant(), SCHOOL_ZONE), action.reference());
			String school = (pupil.get().schoolName() != null) ? pupil.get().schoolName() : action.planned().school();
			pdf = this.renderer.pdf(letter, school);
		}
		catch (IllegalArgumentException | PolicyException ex) {
			return Delivery.failed("letter " + action.planned().template() + " cannot be rendered: " + ex.getMessage());
		}
		long id = this.tx.execute((status) -> {
			long kept = this.letters.save(action.id(), action.planned().school(), action.planned().pupilId(),
					action.planned().template(), pdf, this.clock.instant());
			attachLater(action, kept);
			return kept;
		});
		log.info("Letter {} ({}) for action {} is in the post tray of {}", id, action.planned().template(),
				action.reference(), action.planned().school());
		return Delivery.sent(providerId(id), "letter " + action.planned().template() + " rendered (" + pdf.length
				+ " bytes), waiting to be posted; its attachment to the pupil in the MIS is proposed");
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		return this.letters.forAction(action.id()).map((id) -> {
			attachLater(action, id);
			return Delivery.sent(providerId(id), "letter found for this action");
		});
	}

	/** Proposes the letter's attachment to the pupil in the MIS, unless it is there. */
	private void attachLater(OutboxAction action, long letterId) {
		this.outbox.propose(List.of(LetterDocumentStep.of(action.planned(), action.reference(), letterId)), "PENDING");
	}

	private static String providerId(long id) {
		return "letter-" + id;
	}

}
