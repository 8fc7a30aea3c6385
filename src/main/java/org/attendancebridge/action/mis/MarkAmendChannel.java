package org.attendancebridge.action.mis;

import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.ActionText;
import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Gateway;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.connector.MarkAmendment;

import org.springframework.stereotype.Component;

/**
 * Amends an unresolved N mark after the policy's deadline ({@code mark-amend}): the
 * pupil's sessions of the action's {@code mark_date} that are still N in the MIS become
 * the policy's {@code amend_to} (O), with the reason and our reference as the mark's
 * comment. A session the school resolved meanwhile is left alone; if none is left, the
 * action ends SENT saying nothing needed amending.
 */
@Component
public class MarkAmendChannel implements Channel {

	/** The code an unresolved-mark rule waits on: no reason given. */
	static final String UNRESOLVED = "N";

	private final MisWrites writes;

	public MarkAmendChannel(MisWrites writes) {
		this.writes = writes;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("mark-amend");
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.MIS);
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		PlannedAction planned = action.planned();
		if (planned.markDate() == null || planned.amendTo() == null) {
			return Delivery.failed(planned.school() + ": the amendment names no mark date or code to amend to");
		}
		MarkAmendment amendment = amendment(action);
		return this.writes.deliver(action, (writer, school) -> writer.amend(school, amendment),
				(writer, school) -> writer.findAmendment(school, amendment));
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		if (action.planned().markDate() == null) {
			return Optional.empty();
		}
		MarkAmendment amendment = amendment(action);
		return this.writes.find(action, (writer, school) -> writer.findAmendment(school, amendment));
	}

	private MarkAmendment amendment(OutboxAction action) {
		PlannedAction planned = action.planned();
		String reason = ActionText.fill(this.writes.templates(), planned,
				"No reason for the absence on ((mark_date)) was provided in time: N amended to ((amend_to)).");
		return new MarkAmendment(planned.pupilId(), planned.markDate(), UNRESOLVED, planned.amendTo(),
				action.reference(), reason);
	}

}
