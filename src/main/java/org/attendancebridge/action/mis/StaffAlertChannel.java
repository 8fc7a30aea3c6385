package org.attendancebridge.action.mis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.ActionText;
import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Gateway;
import org.attendancebridge.action.dispatch.LeftForAPerson;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.email.AlertEmailStore.State;
import org.attendancebridge.action.email.EmailAlerts;
import org.attendancebridge.connector.ConnectorConfig.AlertDelivery;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.MisNote;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.attendancebridge.store.StaffRoleStore;

import org.springframework.stereotype.Component;

/**
 * Alerts to staff in the role the policy names ({@code staff-alert}), resolved for the
 * pupil's school, year and registration group ({@link StaffRoleStore#find}), and the
 * holders of the action's copy-to roles. The school's connector file says how they go
 * ({@code dispatch.alerts}): a note or follow-up in the MIS addressed to them (the
 * default), an email to each who has an address ({@link EmailAlerts}), or both, the MIS
 * first: it can be looked up, so a retry after the email failed writes nothing twice, and
 * a person's "send again" sends only what is not known to have arrived (the note if the
 * look-up does not find it, the email unless the SMTP server took it). A role nobody
 * holds (or nobody with an address, by email) ends FAILED naming the school and the role,
 * for an operator to fill in the MIS or the connector file's {@code roles:}; so does
 * email with no SMTP server, before anything is written.
 */
@Component
public class StaffAlertChannel implements Channel {

	private final MisWrites writes;

	private final StaffRoleStore roles;

	private final PupilLookup pupils;

	private final ConnectorRegistry schools;

	private final EmailAlerts email;

	public StaffAlertChannel(MisWrites writes, StaffRoleStore roles, PupilLookup pupils, ConnectorRegistry schools,
			EmailAlerts email) {
		this.writes = writes;
		this.roles = roles;
		this.pupils = pupils;
		this.schools = schools;
		this.email = email;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("staff-alert");
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.MIS);
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		PlannedAction planned = action.planned();
		Optional<PupilCard> pupil = this.pupils.find(planned.school(), planned.pupilId());
		if (pupil.isEmpty()) {
			return Delivery.failed(planned.school() + ": pupil " + planned.pupilId() + " is not in the store");
		}
		List<StaffRole> held = holders(planned.school(), planned.recipient(), pupil.get());
		if (held.isEmpty()) {
			return Delivery.failed(planned.school() + ": nobody holds the role '" + planned.recipient() + "' for "
					+ group(pupil.get()) + "; add it in the MIS or the connector file's roles:");
		}
		List<StaffRole> everyone = new ArrayList<>(held);
		for (String copy : planned.copyTo()) {
			everyone.addAll(holders(planned.school(), copy, pupil.get()));
		}
		Set<AlertDelivery> ways = ways(planned.school());
		List<String> addresses = new ArrayList<>(everyone.stream()
			.map(StaffRole::email)
			.filter((e) -> e != null)
			.collect(LinkedHashSet::new, Set::add, Set::addAll));
		if (ways.contains(AlertDelivery.EMAIL)) {
			String unavailable = this.email.unavailable();
			if (unavailable != null) {
				return Delivery.failed(planned.school() + ": alerts go by email, but " + unavailable);
			}
			if (held.stream().noneMatch((role) -> role.email() != null)) {
				return Delivery.failed(planned.school() + ": nobody holding the role '" + planned.recipient() + "' for "
						+ group(pupil.get()) + " has an email address; add it in the MIS or the "
						+ "connector file's roles: ({staff: ..., email: ...})");
			}
		}
		Set<String> staff = new LinkedHashSet<>();
		everyone.forEach((role) -> staff.add(role.staffId()));
		MisNote note = note(action, new ArrayList<>(staff));
		Delivery inMis = null;
		if (ways.contains(AlertDelivery.MIS)) {
			inMis = this.writes.deliver(action, (writer, school) -> writer.addNote(school, note),
					(writer, school) -> writer.findNote(school, note));
			if (inMis.outcome() != Delivery.Outcome.SENT || !ways.contains(AlertDelivery.EMAIL)) {
				return inMis;
			}
		}
		Delivery emailed = this.email.deliver(action, addresses, subject(action), note.title() + "\n\n" + "Pupil "
				+ planned.pupilId() + " (" + group(pupil.get()) + ")\n\n" + note.body());
		long unaddressed = everyone.stream().filter((role) -> role.email() == null).count();
		if (unaddressed > 0 && emailed.outcome() == Delivery.Outcome.SENT) {
			emailed = Delivery.sent(emailed.providerId(),
					emailed.detail() + "; " + unaddressed + " holding the roles have no address and were not emailed");
		}
		return (inMis == null) ? emailed : both(inMis, emailed);
	}

	/**
	 * An alert in doubt: the MIS is looked up by our reference; the email is what its
	 * record says, and a message that may have been taken stays in doubt for a person.
	 */
	@Override
	public Optional<Delivery> find(OutboxAction action) {
		Set<AlertDelivery> ways = ways(action.planned().school());
		State emailed = ways.contains(AlertDelivery.EMAIL) ? this.email.state(action) : State.NONE;
		if (emailed == State.UNDER_WAY) {
			return Optional.of(this.email.underWay(action));
		}
		if (emailed == State.SENDING) {
			throw new LeftForAPerson("the email of " + action.reference()
					+ " may have reached the SMTP server; SMTP cannot be asked whether it arrived, so it is not sent "
					+ "again: a person checks with the recipients");
		}
		if (!ways.contains(AlertDelivery.MIS)) {
			return (emailed == State.ACCEPTED)
					? Optional
						.of(Delivery.sent(this.email.sentMessageId(action), "the email was taken by the SMTP server"))
					: Optional.empty();
		}
		// The look-up goes by our reference, whoever the alert was addressed to.
		MisNote note = note(action, List.of(action.planned().recipient()));
		Optional<Delivery> inMis = this.writes.find(action, (writer, school) -> writer.findNote(school, note));
		if (inMis.isEmpty() || inMis.get().outcome() != Delivery.Outcome.SENT || !ways.contains(AlertDelivery.EMAIL)) {
			return inMis;
		}
		if (emailed == State.ACCEPTED) {
			return Optional.of(both(inMis.get(), Delivery.sent(this.email.sentMessageId(action), "emailed")));
		}
		return Optional.of(Delivery.retryable("the alert is in the MIS (" + inMis.get().providerId()
				+ ") but was not emailed: the next attempt emails it"));
	}

	private Set<AlertDelivery> ways(String school) {
		return this.schools.find(school).map((config) -> config.dispatch().alerts()).orElse(Set.of(AlertDelivery.MIS));
	}

	/** The MIS's alert and the email, as one outcome: the email's when it did not go. */
	private static Delivery both(Delivery inMis, Delivery emailed) {
		String written = "in the MIS (" + inMis.providerId() + ")";
		return switch (emailed.outcome()) {
			case SENT ->
				Delivery.sent(inMis.providerId() + " " + emailed.providerId(), written + "; " + emailed.detail());
			case RETRYABLE -> Delivery.retryable(written + "; not emailed yet: " + emailed.detail());
			case FAILED -> Delivery.failed(written + "; not emailed: " + emailed.detail());
			case IN_DOUBT -> Delivery.inDoubt(written + "; email in doubt: " + emailed.detail());
		};
	}

	private List<StaffRole> holders(String school, String role, PupilCard pupil) {
		return this.roles.find(school, role, pupil.yearGroup(), pupil.registrationGroup());
	}

	private static String group(PupilCard pupil) {
		return "year " + pupil.yearGroup() + ", group " + pupil.registrationGroup();
	}

	/** Internal ids and the rule only: subjects are shown where anyone may see them. */
	private static String subject(OutboxAction action) {
		PlannedAction planned = action.planned();
		return "Attendance alert to " + planned.recipient() + ": rule " + planned.rule() + ", pupil "
				+ planned.pupilId() + " [" + action.reference() + "]";
	}

	private MisNote note(OutboxAction action, List<String> staff) {
		PlannedAction planned = action.planned();
		return new MisNote(planned.pupilId(), action.reference(),
				"Attendance alert to " + planned.recipient() + ": " + planned.template(),
				ActionText.of(this.writes.templates(), planned, "Attendance alert: attendance ((attendance_pct))."),
				staff);
	}

}
