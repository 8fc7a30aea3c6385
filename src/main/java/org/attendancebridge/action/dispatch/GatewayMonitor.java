package org.attendancebridge.action.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Watches every call dispatch makes to an outside system: times it
 * ({@code attendance_bridge.gateway.latency}, tags {@code channel} and {@code outcome})
 * and keeps how the gateway is doing from the outcomes ({@link Delivery.GatewaySign}),
 * for {@link GatewayHealthContributor}. Calls of channels that stay inside the adapter
 * are neither timed nor kept.
 */
@Component
public class GatewayMonitor {

	/** The name of the latency timer. */
	public static final String LATENCY = "attendance_bridge.gateway.latency";

	/**
	 * How one gateway (or one school's MIS) is doing. The error is a delivery's detail,
	 * which never holds a name, phone number or UPN.
	 */
	public record State(Instant lastSuccessAt, Instant lastFailureAt, String lastError, int failuresInARow,
			long calls) {

		static final State NEW = new State(null, null, null, 0, 0);

		State after(Delivery.GatewaySign sign, String detail, Instant now) {
			return switch (sign) {
				case WORKS -> new State(now, this.lastFailureAt, this.lastError, 0, this.calls + 1);
				case FAILS -> new State(this.lastSuccessAt, now, detail, this.failuresInARow + 1, this.calls + 1);
				case NOTHING -> new State(this.lastSuccessAt, this.lastFailureAt, this.lastError, this.failuresInARow,
						this.calls + 1);
			};
		}

	}

	/** Per gateway, per school (the gateway as a whole under {@code ""}). */
	private final Map<Gateway, Map<String, State>> states = new ConcurrentHashMap<>();

	private final Clock clock;

	private final MeterRegistry meters;

	@Autowired
	public GatewayMonitor(Clock clock, ObjectProvider<MeterRegistry> meters) {
		this(clock, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	public GatewayMonitor(Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.meters = meters;
	}

	/** Delivers through the channel, timed and kept if it calls a gateway. */
	Delivery deliver(Channel channel, OutboxAction action, Supplier<Delivery> send) {
		Optional<Gateway> gateway = channel.gateway();
		if (gateway.isEmpty()) {
			return send.get();
		}
		Timer.Sample started = Timer.start(this.meters);
		Delivery delivery = send.get();
		started.stop(timer(gateway.get(), delivery.outcome().name().toLowerCase(Locale.ROOT)));
		record(gateway.get(), action.planned().school(), delivery.gateway(), delivery.detail());
		return delivery;
	}

	/**
	 * Looks an action up through the channel, timed and kept if it calls a gateway: a
	 * failed look-up counts against the gateway, an answer (found or not) for it.
	 */
	Optional<Delivery> find(Channel channel, OutboxAction action) {
		Optional<Gateway> gateway = channel.gateway();
		if (gateway.isEmpty()) {
			return channel.find(action);
		}
		Timer.Sample started = Timer.start(this.meters);
		Optional<Delivery> found;
		try {
			found = channel.find(action);
		}
		catch (LeftForAPerson ex) {
			// Nothing was asked of the gateway: no sign of its health either way.
			throw ex;
		}
		catch (RuntimeException ex) {
			started.stop(timer(gateway.get(), "lookup_failed"));
			record(gateway.get(), action.planned().school(), Delivery.GatewaySign.FAILS,
					"look-up failed: " + ex.getClass().getSimpleName());
			throw ex;
		}
		started.stop(timer(gateway.get(), found.isPresent() ? "found" : "not_found"));
		record(gateway.get(), action.planned().school(),
				found.map(Delivery::gateway).orElse(Delivery.GatewaySign.WORKS),
				found.map(Delivery::detail).orElse(null));
		return found;
	}

	private Timer timer(Gateway gateway, String outcome) {
		return Timer.builder(LATENCY)
			.description("A call to an outside system by dispatch: a delivery or a look-up by our reference")
			.tags("channel", gateway.id(), "outcome", outcome)
			.register(this.meters);
	}

	private void record(Gateway gateway, String school, Delivery.GatewaySign sign, String detail) {
		Instant now = this.clock.instant();
		Map<String, State> byKey = this.states.computeIfAbsent(gateway, (g) -> new ConcurrentHashMap<>());
		String key = gateway.perSchool() ? school : "";
		byKey.compute(key, (k, old) -> ((old == null) ? State.NEW : old).after(sign, detail, now));
	}

	/** The gateway's state as a whole (for a per-school gateway, empty). */
	public Optional<State> of(Gateway gateway) {
		return Optional.ofNullable(this.states.getOrDefault(gateway, Map.of()).get(""));
	}

	/** A per-school gateway's state for each school it was called for, by school id. */
	public Map<String, State> bySchool(Gateway gateway) {
		Map<String, State> schools = new TreeMap<>(this.states.getOrDefault(gateway, Map.of()));
		schools.remove("");
		return schools;
	}

}
