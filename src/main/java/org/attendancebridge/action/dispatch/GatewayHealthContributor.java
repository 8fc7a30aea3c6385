package org.attendancebridge.action.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * Each outside system dispatch calls as a component of {@code /actuator/health}
 * ({@code channels.sms}, {@code channels.cpoms}, {@code channels.mis}), judged from the
 * outcomes of recent calls ({@link GatewayMonitor}): UNKNOWN before any call, DOWN after
 * {@value #FAILURES_DOWN} failed calls in a row (unreachable, an error, no answer, our
 * credentials refused), UP once a call worked. The MIS is each school's own: it is DOWN
 * when any school's is, with each school's state in the details. The SMS gateway also
 * shows the schools its mass-text breaker halts and until when the gateway asked us to
 * wait. Like the connectors, these stay out of the liveness and readiness groups.
 */
@Component("channels")
public class GatewayHealthContributor implements CompositeHealthContributor {

	/** Failed calls in a row that make a gateway DOWN. */
	static final int FAILURES_DOWN = 3;

	private final List<Channel> channels;

	private final List<ChannelPacing> pacings;

	private final GatewayMonitor monitor;

	public GatewayHealthContributor(List<Channel> channels, List<ChannelPacing> pacings, GatewayMonitor monitor) {
		this.channels = List.copyOf(channels);
		this.pacings = List.copyOf(pacings);
		this.monitor = monitor;
	}

	@Override
	public HealthContributor getContributor(String name) {
		return Arrays.stream(Gateway.values())
			.filter((gateway) -> gateway.id().equals(name))
			.findFirst()
			.map(this::indicator)
			.orElse(null);
	}

	@Override
	public Iterator<NamedContributor<HealthContributor>> iterator() {
		List<NamedContributor<HealthContributor>> all = new ArrayList<>();
		for (Gateway gateway : Gateway.values()) {
			all.add(NamedContributor.of(gateway.id(), indicator(gateway)));
		}
		return all.iterator();
	}

	private HealthContributor indicator(Gateway gateway) {
		return (HealthIndicator) () -> health(gateway);
	}

	Health health(Gateway gateway) {
		List<Channel> serving = this.channels.stream()
			.filter((channel) -> channel.gateway().equals(Optional.of(gateway)))
			.toList();
		if (serving.isEmpty()) {
			return Health.unknown().withDetail("configured", false).build();
		}
		Health.Builder builder = gateway.perSchool() ? perSchool(gateway) : whole(gateway);
		pacing(serving).ifPresent((pacing) -> {
			List<String> halted = pacing.halted();
			if (!halted.isEmpty()) {
				builder.withDetail("halted", halted);
			}
			Instant paused = pacing.pausedUntil();
			if (paused != null) {
				builder.withDetail("pausedUntil", paused.toString());
			}
		});
		return builder.build();
	}

	private Health.Builder whole(Gateway gateway) {
		return this.monitor.of(gateway).map((state) -> {
			Health.Builder builder = status(state);
			details(state).forEach(builder::withDetail);
			return builder;
		}).orElseGet(() -> Health.unknown().withDetail("calls", 0));
	}

	private Health.Builder perSchool(Gateway gateway) {
		Map<String, GatewayMonitor.State> schools = this.monitor.bySchool(gateway);
		if (schools.isEmpty()) {
			return Health.unknown().withDetail("calls", 0);
		}
		Map<String, Object> each = new LinkedHashMap<>();
		List<String> down = new ArrayList<>();
		boolean worked = false;
		for (Map.Entry<String, GatewayMonitor.State> school : schools.entrySet()) {
			GatewayMonitor.State state = school.getValue();
			Map<String, Object> details = details(state);
			details.put("status", status(state).build().getStatus().getCode());
			each.put(school.getKey(), details);
			if (state.failuresInARow() >= FAILURES_DOWN) {
				down.add(school.getKey());
			}
			worked |= state.lastSuccessAt() != null;
		}
		Health.Builder builder = !down.isEmpty() ? Health.down().withDetail("down", down)
				: worked ? Health.up() : Health.unknown();
		return builder.withDetail("schools", each);
	}

	private static Health.Builder status(GatewayMonitor.State state) {
		if (state.failuresInARow() >= FAILURES_DOWN) {
			return Health.down();
		}
		return (state.lastSuccessAt() == null) ? Health.unknown() : Health.up();
	}

	private static Map<String, Object> details(GatewayMonitor.State state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("calls", state.calls());
		details.put("failuresInARow", state.failuresInARow());
		if (state.lastSuccessAt() != null) {
			details.put("lastSuccessAt", state.lastSuccessAt().toString());
		}
		if (state.lastFailureAt() != null) {
			details.put("lastFailureAt", state.lastFailureAt().toString());
			details.put("lastError", state.lastError());
		}
		return details;
	}

	private Optional<ChannelPacing> pacing(List<Channel> serving) {
		return this.pacings.stream()
			.filter((pacing) -> serving.stream().anyMatch((channel) -> channel.kinds().equals(pacing.kinds())))
			.findFirst();
	}

}
