package org.attendancebridge.action.letter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Letters home: renders the action's letter to PDF and puts it in the school's post tray
 * ({@link LetterStore#forPosting}). Everything happens in our own database, so a retry
 * finds the letter already made and nothing is ever in doubt. Attaching the PDF to the
 * pupil in the MIS is not done here yet.
 */
@Component
public class LetterChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(LetterChannel.class);

	private static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

	private final LetterRenderer renderer;

	private final LetterStore letters;

	private final PupilLookup pupils;

	private final Clock clock;

	@Autowired
	public LetterChannel(@Value("${attendance-bridge.policies-dir}") Path policies, LetterStore letters,
			PupilLookup pupils, Clock clock) {
		this(new LetterRenderer(TemplateCatalog.load(policies.resolve("templates"))), letters, pupils, clock);
	}

	LetterChannel(LetterRenderer renderer, LetterStore letters, PupilLookup pupils, Clock clock) {
		this.renderer = renderer;
		this.letters = letters;
		this.pupils = pupils;
		this.clock = clock;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("letter");
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		Optional<Long> made = this.letters.forAction(action.id());
		if (made.isPresent()) {
			return Delivery.sent(providerId(made.get()), "letter already made for this action");
		}
		Optional<PupilCard> pupil = this.pupils.find(action.planned().school(), action.planned().pupilId());
		if (pupil.isEmpty()) {
			return Delivery.failed("pupil " + action.planned().pupilId() + " is not in the store");
		}
		byte[] pdf;
		try {
			LetterRenderer.Letter letter = this.renderer.compose(action.planned(), pupil.get(),
					LocalDate.ofInstant(this.clock.instant(), SCHOOL_ZONE), action.reference());
			String school = (pupil.get().schoolName() != null) ? pupil.get().schoolName() : action.planned().school();
			pdf = this.renderer.pdf(letter, school);
		}
		catch (IllegalArgumentException | PolicyException ex) {
			return Delivery.failed("letter " + action.planned().template() + " cannot be rendered: " + ex.getMessage());
		}
		long id = this.letters.save(action.id(), action.planned().school(), action.planned().pupilId(),
				action.planned().template(), pdf, this.clock.instant());
		log.info("Letter {} ({}) for action {} is in the post tray of {}", id, action.planned().template(),
				action.reference(), action.planned().school());
		return Delivery.sent(providerId(id),
				"letter " + action.planned().template() + " rendered (" + pdf.length + " bytes), waiting to be posted");
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		return this.letters.forAction(action.id())
			.map((id) -> Delivery.sent(providerId(id), "letter found for this action"));
	}

	private static String providerId(long id) {
		return "letter-" + id;
	}

}
