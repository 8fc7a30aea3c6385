package org.attendancebridge.store;

import org.attendancebridge.action.PlannedAction;

/**
 * Decides the state a new outbox row starts in: the dispatch rails hold an action in
 * {@code PROPOSED} for a dry run or an approval, instead of letting it go out.
 */
public interface OutboxGate {

	/** Every action starts in the state asked for. */
	OutboxGate OPEN = (action, requested) -> new Admission(requested, null, null);

	Admission admit(PlannedAction action, String requested);

	/**
	 * @param state the row's first state
	 * @param heldFor why it is held ({@code dry-run}, {@code approval}), or null
	 * @param note for the action log, or null
	 */
	record Admission(String state, String heldFor, String note) {
	}

}
