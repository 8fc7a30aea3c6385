package org.attendancebridge.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorHealth;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How each school's MIS connection is doing, for the IT technician. */
@RestController
@RequestMapping("/api/connectors")
@Tag(name = "connectors")
public class ConnectorsApi {

	/**
	 * One connection: the last successful poll and what it did, its lag (seconds since
	 * then, null before the first), the last failure (a message about the MIS, never
	 * pupil data), failures in a row, the breaker's state.
	 */
	public record ConnectorView(String school, String name, String mis, boolean enabled, Instant lastSuccessAt,
			Long lagSeconds, SyncReport lastReport, Instant lastFailureAt, String lastError, int failuresInARow,
			String breaker) {
	}

	private final ConnectorRegistry registry;

	private final ConnectorHealth health;

	private final BreakerStates breakers;

	private final Clock clock;

	public ConnectorsApi(ConnectorRegistry registry, ConnectorHealth health, BreakerStates breakers, Clock clock) {
		this.registry = registry;
		this.health = health;
		this.breakers = breakers;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "Every connection of the user's schools")
	public List<ConnectorView> connectors(Authentication user) {
		SchoolScope scope = SchoolScope.of(user);
		return this.registry.all().stream().filter((school) -> scope.allows(school.id())).map(this::view).toList();
	}

	private ConnectorView view(ConnectorConfig school) {
		ConnectorHealth.State state = this.health.of(school.id()).orElse(null);
		String breaker = school.enabled() ? this.breakers.of(school.id()) : null;
		if (state == null) {
			return new ConnectorView(school.id(), school.name(), school.mis().id(), school.enabled(), null, null, null,
					null, null, 0, breaker);
		}
		Long lag = (state.lastSuccessAt() == null) ? null
				: Math.max(0, Duration.between(state.lastSuccessAt(), this.clock.instant()).toSeconds());
		return new ConnectorView(school.id(), school.name(), school.mis().id(), school.enabled(), state.lastSuccessAt(),
				lag, state.lastReport(), state.lastFailureAt(), state.lastError(), state.failuresInARow(), breaker);
	}

}
