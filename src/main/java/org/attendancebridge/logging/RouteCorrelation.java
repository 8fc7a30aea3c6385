package org.attendancebridge.logging;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import org.springframework.stereotype.Component;

/**
 * Gives a route's exchange its correlation id, from the routes' first step
 * ({@code routes/poll.yaml}, {@code routes/dispatch.yaml}):
 * {@code poll-<school>-<instance>-<n>} for the n-th poll of a school on this instance,
 * {@code dispatch-<instance>-<n>} for a dispatch run. The instance part is drawn at each
 * start, so the ids of instances sharing the work (or of one instance before and after a
 * restart) never meet in the logs. The id stays in force until the exchange is done,
 * whatever way it ends.
 */
@Component("correlation")
public class RouteCorrelation {

	private final String instance;

	private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

	public RouteCorrelation() {
		this(newInstanceTag());
	}

	/**
	 * @param instance this instance's part of every id: a few letters and digits
	 */
	RouteCorrelation(String instance) {
		this.instance = instance;
	}

	/**
	 * Six hex digits, drawn at random: short, and two instances alike once in 16 million.
	 */
	static String newInstanceTag() {
		byte[] bytes = new byte[3];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** This instance's part of every id. */
	public String instance() {
		return this.instance;
	}

	/** For a poll: the school comes from the {@code school} header. */
	public void poll(Exchange exchange) {
		String school = exchange.getMessage().getHeader("school", String.class);
		String id = "poll-" + school + "-" + this.instance + "-" + next("poll-" + school);
		begin(exchange, Correlation.acceptable(id) ? id : "poll-" + this.instance + "-" + next("poll"));
	}

	public void dispatch(Exchange exchange) {
		begin(exchange, "dispatch-" + this.instance + "-" + next("dispatch"));
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
