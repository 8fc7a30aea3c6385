package org.attendancebridge.action.referral;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.ActionText;
import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.evidence.EvidenceGatherer;
import org.attendancebridge.evidence.EvidencePdf;
import org.attendancebridge.evidence.PupilEvidence;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.SchoolReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Referrals to the local authority ({@code la-referral}): renders the pupil's referral
 * pack, a cover naming the rule that fired and why, then the pupil's evidence pack
 * ({@link EvidenceGatherer}, {@link EvidencePdf}: the register, its corrections, the
 * levels, every action and its log, the tasks, the chain's check), and puts it in the
 * school's referral tray ({@link ReferralStore}) for the attendance officer to send on:
 * the authorities' portals differ and want the child's name, which the adapter does not
 * hold. Everything happens in our own database, so a retry finds the pack already made
 * and nothing is ever in doubt.
 */
@Component
public class ReferralChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(ReferralChannel.class);

	private final TemplateCatalog templates;

	private final SchoolReads schools;

	private final EvidenceGatherer gatherer;

	private final ReferralStore referrals;

	private final Clock clock;

	@Autowired
	public ReferralChannel(@Value("${attendance-bridge.policies-dir}") Path policies, SchoolReads schools,
			EvidenceGatherer gatherer, ReferralStore referrals, Clock clock) {
		this(TemplateCatalog.load(policies.resolve("templates")), schools, gatherer, referrals, clock);
	}

	ReferralChannel(TemplateCatalog templates, SchoolReads schools, EvidenceGatherer gatherer, ReferralStore referrals,
			Clock clock) {
		this.templates = templates;
		this.schools = schools;
		this.gatherer = gatherer;
		this.referrals = referrals;
		this.clock = clock;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("la-referral");
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		Optional<Long> made = this.referrals.forAction(action.id());
		if (made.isPresent()) {
			return Delivery.sent(providerId(made.get()), "referral already made for this action");
		}
		PlannedAction planned = action.planned();
		Optional<SchoolRow> school = this.schools.school(planned.school());
		Optional<PupilEvidence> evidence = school.flatMap((row) -> this.gatherer.gather(row, planned.pupilId()));
		if (evidence.isEmpty()) {
			return Delivery.failed(planned.school() + ": pupil " + planned.pupilId() + " has no register in the store");
		}
		byte[] pdf = EvidencePdf.render(evidence.get(), cover(action, evidence.get()));
		long id = this.referrals.save(new ReferralStore.NewReferral(action.id(), planned.school(), planned.pupilId(),
				planned.rule(), planned.template(), pdf), this.clock.instant());
		log.info("Referral {} ({}, rule {}) for action {} is in the referral tray of {}", id, planned.template(),
				planned.rule(), action.reference(), planned.school());
		return Delivery.sent(providerId(id), "referral pack " + planned.template() + " rendered (" + pdf.length
				+ " bytes), waiting in the referral tray to be sent to the local authority");
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		return this.referrals.forAction(action.id())
			.map((id) -> Delivery.sent(providerId(id), "referral found for this action"));
	}

	/** The cover: to whom, which rule fired and why, what is attached. */
	private EvidencePdf.Cover cover(OutboxAction action, PupilEvidence evidence) {
		PlannedAction planned = action.planned();
		String request = ActionText.fill(this.templates, planned,
				"Referral to the Local Authority: register, actions taken and outcomes attached.");
		return new EvidencePdf.Cover("Referral to the local authority: pupil " + planned.pupilId(), List.of(
				evidence.schoolName() + " (" + planned.school() + "). Year " + evidence.pupil().yearGroup()
						+ ", registration group " + evidence.pupil().registrationGroup() + ".",
				request, "Rule " + planned.rule() + " of policy " + planned.policy() + " (version "
						+ planned.policyVersion() + ") fired on " + planned.decidedOn() + ".",
				"Why: " + planned.explanation(),
				"Attached: the pupil's evidence pack, with the register, its corrections, the levels entered, every "
						+ "action taken with its action log entries, the tasks and their outcomes, and the check of "
						+ "the school's action log chain.",
				"Our reference: " + action.reference() + ". The pupil is named by the school's internal id only: "
						+ "add the child's name and UPN from the MIS before sending."));
	}

	private static String providerId(long id) {
		return "referral-" + id;
	}

}
