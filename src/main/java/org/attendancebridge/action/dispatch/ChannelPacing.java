package org.attendancebridge.action.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a channel asks of the dispatcher beside delivering: how many requests its gateway
 * takes now (a rate limit shared across instances), when the gateway asked us to wait, an
 * action that must wait (quiet hours), and schools whose sends must halt (a circuit
 * breaker). Optional: a channel without one is sent to as fast as rows come due.
 */
public interface ChannelPacing {

	/** The kinds whose channel this paces. */
	Set<String> kinds();

	/**
	 * Takes up to {@code wanted} permits for requests to the gateway; those not used go
	 * back through {@link Permits#giveBack}.
	 */
	default Permits permits(int wanted) {
		return Permits.all(wanted);
	}

	/** Until when the gateway asked us to send nothing (after a 429), or null. */
	default Instant pausedUntil() {
		return null;
	}

	/** When this action may go, if not now (quiet hours); empty for now. */
	default Optional<Instant> notBefore(OutboxAction action, Instant now) {
		return Optional.empty();
	}

	/**
	 * The schools whose due actions must not be sent now, given how many are due per
	 * school; the pacing alerts the operator itself.
	 */
	default Set<String> schoolsToHold(Map<String, Integer> dueBySchool) {
		return Set.of();
	}

	/** The schools whose sends are halted now (for health; trips nothing). */
	default List<String> halted() {
		return List.of();
	}

}
