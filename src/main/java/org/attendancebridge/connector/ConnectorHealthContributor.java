package org.attendancebridge.connector;

import java.util.Iterator;
import java.util.List;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * Each school's connection as a component of {@code /actuator/health}
 * ({@code connectors.<school>}), for the IT technician: UNKNOWN before its first poll,
 * DOWN while its circuit breaker is open or its last three polls failed, UP otherwise,
 * with the last successful poll, the failures in a row, the breaker and the last error (a
 * message about the MIS, never pupil data). Kubernetes probes use the liveness and
 * readiness groups, which leave these out: one school's MIS being down is no reason to
 * restart the adapter.
 */
@Component("connectors")
public class ConnectorHealthContributor implements CompositeHealthContributor {

	/** Failed polls in a row that make a connection DOWN. */
	static final int FAILURES_DOWN = 3;

	private final ConnectorRegistry registry;

	private final ConnectorHealth health;

	public ConnectorHealthContributor(ConnectorRegistry registry, ConnectorHealth health) {
		this.registry = registry;
		this.health = health;
	}

	@Override
	public HealthContributor getContributor(String school) {
		return this.registry.find(school).map((config) -> (HealthIndicator) () -> health(config.id())).orElse(null);
	}

	@Override
	public Iterator<NamedContributor<HealthContributor>> iterator() {
		List<NamedContributor<HealthContributor>> all = this.registry.all()
			.stream()
			.map((config) -> NamedContributor.of(config.id(),
					(HealthContributor) (HealthIndicator) () -> health(config.id())))
			.toList();
		return all.iterator();
	}

	Health health(String school) {
		return this.health.of(school).map((state) -> {
			boolean open = "OPEN".equals(state.breaker());
			Health.Builder builder = (open || state.failuresInARow() >= FAILURES_DOWN) ? Health.down()
					: (state.lastSuccessAt() == null) ? Health.unknown() : Health.up();
			builder.withDetail("failuresInARow", state.failuresInARow());
			if (state.lastSuccessAt() != null) {
				builder.withDetail("lastSuccessAt", state.lastSuccessAt().toString());
			}
			if (state.breaker() != null) {
				builder.withDetail("breaker", state.breaker());
			}
			if (state.lastError() != null) {
				builder.withDetail("lastError", state.lastError());
			}
			return builder.build();
		}).orElseGet(() -> Health.unknown().withDetail("polled", false).build());
	}

}
