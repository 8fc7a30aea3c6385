package org.attendancebridge.action.dispatch;

import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What an operator does to the outbox (the REST API calls these): approve or reject an
 * action waiting for approval, replay one that FAILED (the dead letters), and resolve a
 * letter, a letter's MIS document, a CPOMS concern or a staff alert left IN_DOUBT. Each
 * move is checked against the row's state, so a double click or two operators at once act
 * once, and each is in the action log with who did it (the entry's actor).
 */
@Component("outboxOperator")
public class OutboxOperator {

	/**
	 * The kinds a person resolves when they stay in doubt: what was posted or filed may
	 * need someone to look in the MIS or CPOMS, and an emailed alert cannot be looked up
	 * at all (SMTP has no such question). Others are settled by the provider's look-up by
	 * reference.
	 */
	public static final Set<String> RESOLVED_BY_HAND = Set.of("letter", "mis-document", "cpoms-concern", "staff-alert");

	private final DispatchStore store;

	private final ApplicationEventPublisher events;

	public OutboxOperator(DispatchStore store, ApplicationEventPublisher events) {
		this.store = store;
		this.events = events;
	}

	/** PROPOSED awaiting approval → PENDING: the dispatcher sends it. */
	public void approve(long id, String operator) {
		require(this.store.move(id, Set.of("PROPOSED"), DispatchRails.APPROVAL, "PENDING", null, false, who(operator),
				"approved by " + who(operator)), id, "approve", "PROPOSED awaiting approval");
	}

	/**
	 * PROPOSED awaiting approval → FAILED, marked rejected: never sent, never replayed.
	 */
	public void reject(long id, String operator, String reason) {
		require(this.store.move(id, Set.of("PROPOSED"), DispatchRails.APPROVAL, "FAILED", "rejected", false,
				who(operator),
				"rejected by " + who(operator) + ((reason == null || reason.isBlank()) ? "" : ": " + reason)), id,
				"reject", "PROPOSED awaiting approval");
	}

	/**
	 * FAILED (not rejected) → IN_DOUBT with its attempts reset: a failure after the last
	 * attempt may still have arrived (a 5xx can follow a send), so the provider is asked
	 * first and the action is sent again only if nothing arrived.
	 */
	public void replay(long id, String operator) {
		require(this.store.move(id, Set.of("FAILED"), null, "IN_DOUBT", null, true, who(operator),
				"replayed by " + who(operator)), id, "replay", "FAILED");
	}

	/**
	 * IN_DOUBT → SENT when the person checked that it arrived, or → RETRYABLE, due now,
	 * when it did not (the channel still looks it up by our reference before writing, so
	 * it cannot arrive twice).
	 */
	public void resolve(long id, String operator, boolean arrived) {
		String who = who(operator);
		boolean moved = arrived
				? this.store.resolve(id, RESOLVED_BY_HAND, "SENT", who,
						"resolved by " + who + ": checked that it arrived")
				: this.store.resolve(id, RESOLVED_BY_HAND, "RETRYABLE", who,
						"resolved by " + who + ": it did not arrive; queued to send again");
		if (moved) {
			// After the move: a listener that fails leaves the action to be found in
			// doubt
			// again, never sent twice.
			this.events.publishEvent(new ResolvedByHand(id,
					this.store.doubt(id).map(DispatchStore.Doubt::kind).orElse(null), arrived, who));
			return;
		}
		String now = this.store.describe(id).orElse(null);
		DispatchStore.Doubt doubt = this.store.doubt(id).orElse(null);
		if (now != null && now.startsWith("IN_DOUBT") && doubt != null) {
			throw new IllegalStateException("cannot resolve outbox action " + id + ": " + (doubt.leased()
					? "it is being looked up with its provider right now; try again in a minute"
					: "a " + doubt.kind() + " in doubt is settled by looking it up with its provider, not by hand"));
		}
		require(false, id, "resolve", "IN_DOUBT");
	}

	private void require(boolean moved, long id, String verb, String needed) {
		if (!moved) {
			String now = this.store.describe(id).orElse(null);
			throw new IllegalStateException("cannot " + verb + " outbox action " + id + ": "
					+ ((now == null) ? "there is no such action" : "it is " + now + ", not " + needed));
		}
	}

	private static String who(String operator) {
		return (operator == null || operator.isBlank()) ? "an operator" : operator;
	}

}
