package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One way out of the adapter: the SMS gateway, CPOMS, the MIS, the letters queue. The
 * dispatcher calls it outside any database transaction, after the action was marked
 * SENDING and committed.
 */
public interface Channel {

	/** The outbox kinds this channel delivers ({@code sms}, {@code letter}, ...). */
	Set<String> kinds();

	/**
	 * Delivers the action. Returns the outcome; an exception thrown after the request may
	 * have left is treated as IN_DOUBT, never as a reason to resend blindly.
	 */
	Delivery deliver(OutboxAction action);

	/**
	 * The longest one {@link #deliver} may take, its requests cut off by then: a sender
	 * starts a delivery only while the row's lease outlasts this by the lease margin, so
	 * its request has ended before another node may take the row. Zero for a channel that
	 * sets no such bound.
	 */
	default Duration requestTimeout() {
		return Duration.ZERO;
	}

	/**
	 * The outside system this channel calls, for its health and latency; empty for a
	 * channel that stays inside the adapter (letters, tasks, referrals).
	 */
	default Optional<Gateway> gateway() {
		return Optional.empty();
	}

	/**
	 * For an action left IN_DOUBT: looks up, by the action's reference, whether an
	 * earlier attempt arrived. Empty means nothing arrived and it is safe to send again.
	 */
	Optional<Delivery> find(OutboxAction action);

}
