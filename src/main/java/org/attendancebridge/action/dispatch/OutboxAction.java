package org.attendancebridge.action.dispatch;

import org.attendancebridge.action.PlannedAction;

/**
 * An outbox row claimed for delivery.
 *
 * @param id the outbox row's id
 * @param reference the opaque id sent to providers ({@code ab-<id>}), never personal data
 * @param planned the action as the policy planned it (kind, recipient, template, the
 * pupil's figures, the explanation)
 * @param attempts delivery attempts made before this one
 */
public record OutboxAction(long id, String reference, PlannedAction planned, int attempts) {

	public static String referenceOf(long id) {
		return "ab-" + id;
	}

}
