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
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.connector.MisNote;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.attendancebridge.store.StaffRoleStore;

import org.springframework.stereotype.Component;

/**
 * Alerts to staff in the role the policy names ({@code staff-alert}), resolved for the
 * pupil's school, year and registration group ({@link StaffRoleStore#find}), and written
 * to the MIS as a note or follow-up addressed to them (and to the holders of the action's
 * copy-to roles). A role nobody holds ends FAILED naming the school and the role, for an
 * operator to fill in the MIS or the connector file's {@code roles:}.
 */
@Component
public class StaffAlertChannel implements Channel {

	private final MisWrites writes;

	private final StaffRoleStore roles;

	private final PupilLookup pupils;

	public StaffAlertChannel(MisWrites writes, StaffRoleStore roles, PupilLookup pupils) {
		this.writes = writes;
		this.roles = roles;
		this.pupils = pupils;
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
			return Delivery.failed(planned.school() + ": nobody holds the role '" + planned.recipient() + "' for year "
					+ pupil.get().yearGroup() + ", group " + pupil.get().registrationGroup()
					+ "; add it in the MIS or the connector file's roles:");
		}
		Set<String> staff = new LinkedHashSet<>();
		held.forEach((role) -> staff.add(role.staffId()));
		for (String copy : planned.copyTo()) {
			holders(planned.school(), copy, pupil.get()).forEach((role) -> staff.add(role.staffId()));
		}
		MisNote note = note(action, new ArrayList<>(staff));
		return this.writes.deliver(action, (writer, school) -> writer.addNote(school, note),
				(writer, school) -> writer.findNote(school, note));
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		// The look-up goes by our reference, whoever the alert was addressed to.
		MisNote note = note(action, List.of(action.planned().recipient()));
		return this.writes.find(action, (writer, school) -> writer.findNote(school, note));
	}

	private List<StaffRole> holders(String school, String role, PupilCard pupil) {
		return this.roles.find(school, role, pupil.yearGroup(), pupil.registrationGroup());
	}

	private MisNote note(OutboxAction action, List<String> staff) {
		PlannedAction planned = action.planned();
		return new MisNote(planned.pupilId(), action.reference(),
				"Attendance alert to " + planned.recipient() + ": " + planned.template(),
				ActionText.of(this.writes.templates(), planned, "Attendance alert: attendance ((attendance_pct))."),
				staff);
	}

}
