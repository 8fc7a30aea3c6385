package org.attendancebridge.connector;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;

/**
 * The mock MIS with small schools, its clock standing at Monday 11 November 08:40, and a
 * Camel context to reach it through: what connector tests read from. Close it after.
 */
public final class MockConnections implements AutoCloseable {

	public final MockMis mock;

	private final CamelContext camel;

	public MockConnections(int roll) {
		this.mock = MockMis.start(MockMisOptions.defaults().withRoll(roll).withSpeed(0));
		this.camel = new DefaultCamelContext();
		this.camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
		this.camel.start();
	}

	/** A connector file's settings for a mock school. */
	public ConnectorConfig config(String school, MisKind mis, String policy) {
		org.attendancebridge.mock.school.MisKind system = switch (mis) {
			case ARBOR -> org.attendancebridge.mock.school.MisKind.ARBOR;
			case SIMS -> org.attendancebridge.mock.school.MisKind.SIMS;
			case CLASSCHARTS -> org.attendancebridge.mock.school.MisKind.CLASS_CHARTS;
			case WONDE -> org.attendancebridge.mock.school.MisKind.WONDE;
		};
		return new ConnectorConfig(school, school, mis, URI.create(this.mock.baseUrl(system, school) + "/"), Map.of(),
				policy, ZoneId.of("Europe/London"), PollSchedule.DEFAULTS, Map.of(), Map.of(), true, true,
				Path.of(school + ".yaml"));
	}

	/** HTTP to a mock school, with quick retries and no real waiting. */
	public MisHttp http(ConnectorConfig config) {
		return new MisHttp(this.camel.createProducerTemplate(), config,
				new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(1)), (d) -> {
				});
	}

	@Override
	public void close() {
		this.camel.stop();
		this.mock.stop();
	}

}
