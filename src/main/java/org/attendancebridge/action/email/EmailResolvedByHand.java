package org.attendancebridge.action.email;

import org.attendancebridge.action.dispatch.ResolvedByHand;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a person finds that an emailed alert left in doubt did not arrive, its SMTP record
 * stops holding the next attempt back; without this the alert would be found in doubt
 * again and never sent. An email the SMTP server took stays taken: for an alert sent both
 * ways, what was in doubt is the MIS part, and sending it again does not send the staff a
 * second copy of the email (the outcome says so).
 */
@Component
class EmailResolvedByHand {

	private final AlertEmailStore store;

	EmailResolvedByHand(AlertEmailStore store) {
		this.store = store;
	}

	@EventListener
	void resolved(ResolvedByHand resolved) {
		if (!resolved.arrived() && "staff-alert".equals(resolved.kind())) {
			this.store.notArrived(resolved.actionId(), resolved.by());
		}
	}

}
