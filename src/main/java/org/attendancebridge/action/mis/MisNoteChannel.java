package org.attendancebridge.action.mis;

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

import org.springframework.stereotype.Component;

/**
 * Notes on the pupil's record in the school's own MIS ({@code mis-note}): the template
 * filled with the pupil's figures, why, and our reference, in the MIS's own shape (see
 * {@link org.attendancebridge.connector.MisWriter}).
 */
@Component
public class MisNoteChannel implements Channel {

	private final MisWrites writes;

	public MisNoteChannel(MisWrites writes) {
		this.writes = writes;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("mis-note");
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.MIS);
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		MisNote note = note(action);
		return this.writes.deliver(action, (writer, school) -> writer.addNote(school, note),
				(writer, school) -> writer.findNote(school, note));
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		MisNote note = note(action);
		return this.writes.find(action, (writer, school) -> writer.findNote(school, note));
	}

	private MisNote note(OutboxAction action) {
		PlannedAction planned = action.planned();
		return new MisNote(planned.pupilId(), action.reference(), "Attendance: " + planned.template(), ActionText.of(
				this.writes.templates(), planned,
				"Attendance stage ((stage)): attendance ((attendance_pct)), ((sessions_missed)) sessions missed."),
				List.of());
	}

}
