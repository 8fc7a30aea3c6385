package org.attendancebridge.store;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The outbox by state as gauges ({@code attendance_bridge.outbox.actions}, tag
 * {@code state}): how much waits, is in doubt or has failed, read from the database on
 * each scrape so every instance reports the same.
 */
@Component
public class OutboxMetrics implements MeterBinder {

	static final List<String> STATES = List.of("PROPOSED", "PENDING", "SENDING", "SENT", "RETRYABLE", "IN_DOUBT",
			"FAILED");

	private final OutboxStore outbox;

	public OutboxMetrics(OutboxStore outbox) {
		this.outbox = outbox;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String state : STATES) {
			Gauge.builder("attendance_bridge.outbox.actions", () -> this.outbox.countByState().getOrDefault(state, 0L))
				.description("Actions in the outbox in this state")
				.tag("state", state)
				.register(registry);
		}
	}

}
