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

	/** One school's state; the error is a message about the MIS, never pupil data. */
	public record State(Instant lastSuccessAt, SyncReport lastReport, Instant lastFailureAt, String lastError,
			int failuresInARow) {

		static final State NEW = new State(null, null, null, null, 0);

	}

	private final Map<String, State> states = new ConcurrentHashMap<>();

	private final Clock clock;

	public ConnectorHealth(Clock clock) {
		this.clock = clock;
	}

	public void succeeded(String school, SyncReport report) {
		this.states.compute(school, (id, old) -> {
			State s = (old == null) ? State.NEW : old;
			return new State(this.clock.instant(), report, s.lastFailureAt(), s.lastError(), 0);
		});
	}

	public void failed(String school, String error) {
		this.states.compute(school, (id, old) -> {
			State s = (old == null) ? State.NEW : old;
			return new State(s.lastSuccessAt(), s.lastReport(), this.clock.instant(), error, s.failuresInARow() + 1);
		});
	}

	public Optional<State> of(String school) {
		return Optional.ofNullable(this.states.get(school));
	}

}
