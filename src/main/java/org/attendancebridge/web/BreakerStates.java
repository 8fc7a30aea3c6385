package org.attendancebridge.web;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

import org.springframework.stereotype.Component;

/**
 * The state of each school's circuit breaker, read from its sync route
 * ({@code sync-<school>}, see routes/poll.yaml).
 */
@Component
public class BreakerStates {

	private final CamelContext camel;

	public BreakerStates(CamelContext camel) {
		this.camel = camel;
	}

	/** CLOSED, OPEN, HALF_OPEN ...; null if the school has no sync route. */
	public String of(String school) {
		Route route = this.camel.getRoute("sync-" + school);
		return (route == null) ? null : find(route.navigate());
	}

	private static String find(Navigate<Processor> node) {
		if (node == null || !node.hasNext()) {
			return null;
		}
		List<Processor> children = node.next();
		for (Processor child : (children == null) ? List.<Processor>of() : children) {
			if (child instanceof ResilienceProcessor breaker) {
				return breaker.getCircuitBreakerState();
			}
			if (child instanceof Navigate<?> nested) {
				@SuppressWarnings("unchecked")
				String state = find((Navigate<Processor>) nested);
				if (state != null) {
					return state;
				}
			}
		}
		return null;
	}

}
