package org.attendancebridge.connector;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * How each school's connection is doing, for the dashboard and health checks: the last
 * successful poll and what it did, the last failure and how many in a row.
 */
@Component
public class ConnectorHealth {

	/**
	 * One school's state; the error is a message about the MIS, never pupil data.
	 *
	 * @param breaker the school's circuit breaker after its last poll ({@code CLOSED},
	 * {@code OPEN}, {@code HALF_OPEN}; null before the first)
	 * @param heldBack polls the open breaker kept from the MIS since the last that ran
	 */
	public record State(Instant lastSuccessAt, SyncReport lastReport, Instant lastFailureAt, String lastError,
			int failuresInARow, String breaker, int heldBack) {

		static final State NEW = new State(null, null, null, null, 0, null, 0);

	}

	private final Map<String, State> states = new ConcurrentHashMap<>();

	private final Clock clock;

	public ConnectorHealth(Clock clock) {
		this.clock = clock;
	}

	/** Polls that reached the MIS, per school: a poll that did not was held back. */
	private final Map<String, Long> runs = new ConcurrentHashMap<>();

	/** How many polls of the school have run (succeeded or failed). */
	public long runs(String school) {
		return this.runs.getOrDefault(school, 0L);
	}

	public void succeeded(String school, SyncReport report) {
		this.runs.merge(school, 1L, Long::sum);
		this.states.compute(school, (id, old) -> {
			State s = (old == null) ? State.NEW : old;
			return new State(this.clock.instant(), report, s.lastFailureAt(), s.lastError(), 0, s.breaker(), 0);
		});
	}

	public void failed(String school, String error) {
		this.runs.merge(school, 1L, Long::sum);
		this.states.compute(school, (id, old) -> {
			State s = (old == null) ? State.NEW : old;
			return new State(s.lastSuccessAt(), s.lastReport(), this.clock.instant(), error, s.failuresInARow() + 1,
					s.breaker(), 0);
		});
	}

	/**
	 * The school's circuit breaker after a poll; {@code heldBack} when the breaker kept
	 * the poll from running at all.
	 */
	public void breaker(String school, String state, boolean heldBack) {
		this.states.compute(school, (id, old) -> {
			State s = (old == null) ? State.NEW : old;
			return new State(s.lastSuccessAt(), s.lastReport(), s.lastFailureAt(), s.lastError(), s.failuresInARow(),
					state, heldBack ? s.heldBack() + 1 : s.heldBack());
		});
	}

	public Optional<State> of(String school) {
		return Optional.ofNullable(this.states.get(school));
	}

}
