package org.attendancebridge.connector;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs one poll of one school, called by the school's sync route. A school is polled by
 * one poll at a time: a trigger that fires while another poll of the same school runs is
 * skipped (the next poll picks up whatever it would have read), so the register-time
 * trigger and the hourly one never race each other.
 */
@Component("schoolSync")
public class SchoolSync {

	private static final Logger log = LoggerFactory.getLogger(SchoolSync.class);

	private final ConnectorRegistry registry;

	private final Map<MisKind, MisConnector> connectors = new EnumMap<>(MisKind.class);

	private final ConnectorHealth health;

	private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	public SchoolSync(ConnectorRegistry registry, List<MisConnector> connectors, ConnectorHealth health,
			ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.registry = registry;
		this.health = health;
		for (MisConnector connector : connectors) {
			this.connectors.put(connector.kind(), connector);
		}
	}

	/** Polls a school; rethrows a failure so the route's error handling sees it. */
	public SyncReport run(String schoolId, String modeName) {
		ConnectorConfig school = this.registry.find(schoolId)
			.orElseThrow(() -> new IllegalArgumentException("no connector for school '" + schoolId + "'"));
		SyncMode mode = SyncMode.parse(modeName);
		MisConnector connector = this.connectors.get(school.mis());
		if (connector == null) {
			throw new IllegalStateException(schoolId + ": no connector for MIS kind " + school.mis().id());
		}
		ReentrantLock lock = this.running.computeIfAbsent(schoolId, (id) -> new ReentrantLock());
		if (!lock.tryLock()) {
			log.info("Poll of {} ({}) skipped: the previous poll is still running", schoolId, mode);
			return null;
		}
		Timer.Sample started = Timer.start(this.meters);
		String outcome = "failed";
		try {
			SyncReport report = connector.sync(school, mode);
			outcome = "succeeded";
			this.health.succeeded(schoolId, report);
			count("attendance_bridge.marks.changed", schoolId, report.marksChanged());
			count("attendance_bridge.records.rejected", schoolId, report.rejected());
			count("attendance_bridge.actions.proposed", schoolId, report.actionsProposed());
			log.info("Polled {} ({}): {}", schoolId, mode, report);
			return report;
		}
		catch (RuntimeException ex) {
			this.health.failed(schoolId, ex.getMessage());
			throw ex;
		}
		finally {
			started.stop(Timer.builder("attendance_bridge.poll")
				.description("A school's poll: read, store, evaluate, propose")
				.tags("school", schoolId, "mode", mode.name(), "outcome", outcome)
				.register(this.meters));
			lock.unlock();
		}
	}

	private void count(String name, String school, long amount) {
		this.meters.counter(name, "school", school).increment(amount);
	}

}
