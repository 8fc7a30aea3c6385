package org.attendancebridge.action.dispatch;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.store.OutboxGate;

import org.springframework.stereotype.Component;

/**
 * The school's safety rails, applied when an action enters the outbox: a dry run (the
 * whole school or some kinds) writes it PROPOSED, never to be sent; a kind the school
 * approves first waits PROPOSED until an operator approves it ({@link OutboxOperator}).
 */
@Component
public class DispatchRails implements OutboxGate {

	public static final String DRY_RUN = "dry-run";

	public static final String APPROVAL = "approval";

	private final ConnectorRegistry schools;

	public DispatchRails(ConnectorRegistry schools) {
		this.schools = schools;
	}

	@Override
	public Admission admit(PlannedAction action, String requested) {
		if (!"PENDING".equals(requested)) {
			return new Admission(requested, null, null);
		}
		ConnectorConfig.Dispatch rails = this.schools.find(action.school())
			.map(ConnectorConfig::dispatch)
			.orElse(ConnectorConfig.Dispatch.DEFAULTS);
		String kind = action.kind().id();
		if (rails.dryRun(kind)) {
			return new Admission("PROPOSED", DRY_RUN, "dry run: never sent");
		}
		if (rails.approve().contains(kind)) {
			return new Admission("PROPOSED", APPROVAL, "waits for an operator's approval");
		}
		return new Admission(requested, null, null);
	}

}
