package org.attendancebridge.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

import org.springframework.stereotype.Component;

/**
 * The circuit breaker of each school's sync route ({@code routes/poll.yaml}), read where
 * Camel keeps it: the state is recorded in {@link ConnectorHealth} after every poll, and
 * an operator (or a test) can close it again.
 */
@Component("schoolBreakers")
public class SchoolBreakers {

	private final CamelContext camel;

	private final ConnectorHealth health;

	public SchoolBreakers(CamelContext camel, ConnectorHealth health) {
		this.camel = camel;
		this.health = health;
	}

	/** Runs of each school's poll as last recorded here. */
	private final Map<String, Long> recorded = new ConcurrentHashMap<>();

	/**
	 * Called by the sync route after each poll, whether it ran or was held back: a poll
	 * that did not run did not reach the MIS.
	 */
	public void record(String school) {
		long runs = this.health.runs(school);
		Long before = this.recorded.put(school, runs);
		boolean heldBack = before != null && before == runs;
		this.health.breaker(school, state(school).orElse(null), heldBack);
	}

	/**
	 * {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}...; empty for an unknown school.
	 */
	public Optional<String> state(String school) {
		return breaker(school).map(ResilienceProcessor::getCircuitBreakerState);
	}

	/** Closes the school's breaker: its next poll goes to the MIS. */
	public void close(String school) {
		breaker(school).ifPresent(ResilienceProcessor::transitionToCloseState);
	}

	private Optional<ResilienceProcessor> breaker(String school) {
		Route route = this.camel.getRoute("sync-" + school);
		return (route == null) ? Optional.empty() : find(List.of(route.getProcessor()));
	}

	private static Optional<ResilienceProcessor> find(List<Processor> processors) {
		for (Processor processor : (processors == null) ? List.<Processor>of() : processors) {
			if (processor instanceof ResilienceProcessor breaker) {
				return Optional.of(breaker);
			}
			if (processor instanceof Navigate<?> navigate && navigate.hasNext()) {
				@SuppressWarnings("unchecked")
				Optional<ResilienceProcessor> found = find((List<Processor>) navigate.next());
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

}
