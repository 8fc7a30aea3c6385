package org.attendancebridge.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import org.springframework.stereotype.Component;

/**
 * Gives a route's exchange its correlation id, from the routes' first step
 * ({@code routes/poll.yaml}, {@code routes/dispatch.yaml}): {@code poll-<school>-<n>} for
 * the n-th poll of a school on this instance, {@code dispatch-<n>} for a dispatch run.
 * The id stays in force until the exchange is done, whatever way it ends.
 */
@Component("correlation")
public class RouteCorrelation {

	private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

	/** For a poll: the school comes from the {@code school} header. */
	public void poll(Exchange exchange) {
		String school = exchange.getMessage().getHeader("school", String.class);
		String id = "poll-" + school + "-" + next("poll-" + school);
		begin(exchange, Correlation.acceptable(id) ? id : "poll-" + next("poll"));
	}

	public void dispatch(Exchange exchange) {
		begin(exchange, "dispatch-" + next("dispatch"));
	}

	private long next(String counter) {
		return this.counters.computeIfAbsent(counter, (name) -> new AtomicLong()).incrementAndGet();
	}

	private static void begin(Exchange exchange, String id) {
		Correlation.Scope scope = Correlation.open(id);
		exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
			@Override
			public void onDone(Exchange done) {
				scope.close();
			}
		});
	}

}
