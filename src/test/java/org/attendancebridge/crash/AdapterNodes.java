package org.attendancebridge.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter processes of a crash test ({@link AdapterNode}), on one PostgreSQL and one
 * mock MIS with its SMS gateway and CPOMS: started, killed with SIGKILL and started again
 * by name, each start logging to a file of its own under {@code target/crash-nodes/}.
 */
final class AdapterNodes implements AutoCloseable {

	/** How long a node may take to start on a loaded machine. */
	static final Duration START = Duration.ofSeconds(150);

	private final TestDatabase database;

	private final Map<String, String> settings;

	private final Map<String, Process> running = new LinkedHashMap<>();

	private final Map<String, Path> logs = new LinkedHashMap<>();

	/**
	 * @param settings the adapter settings of every node (each also gets its name as
	 * {@code attendance-bridge.dispatch.node})
	 */
	AdapterNodes(TestDatabase database, Map<String, String> settings) {
		this.database = database;
		this.settings = Map.copyOf(settings);
		database.jdbc().getJdbcTemplate().execute(AdapterNodeAdditions.TABLES);
	}

	/**
	 * The settings that point an adapter at the crash connector files, and through them
	 * at the mock MIS, its SMS gateway and CPOMS, with the mock's credentials.
	 */
	static Map<String, String> schools(MockMis mock) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("attendance-bridge.connectors-dir", "src/test/resources/crash/connectors");
		settings.put("MOCK_MIS_URL", mock.baseUrl());
		settings.put("ARBOR_ST_JOHNS_USERNAME", MockCredentials.ARBOR_USER);
		settings.put("ARBOR_ST_JOHNS_PASSWORD", MockCredentials.ARBOR_PASSWORD);
		settings.put("ARBOR_PREVENTION_USERNAME", MockCredentials.ARBOR_USER);
		settings.put("ARBOR_PREVENTION_PASSWORD", MockCredentials.ARBOR_PASSWORD);
		settings.put("WONDE_TOOLKIT_TOKEN", MockCredentials.WONDE_TOKEN);
		settings.put("CLASSCHARTS_GRADUATED_USERNAME", MockCredentials.CLASS_CHARTS_EMAIL);
		settings.put("CLASSCHARTS_GRADUATED_PASSWORD", MockCredentials.CLASS_CHARTS_PASSWORD);
		settings.put("NOTIFY_BASE_URL", mock.baseUrl() + "/notify");
		settings.put("NOTIFY_API_KEY",
				"crash_test-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY);
		settings.put("NOTIFY_TEMPLATE_ID", "0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f");
		settings.put("CPOMS_BASE_URL", mock.baseUrl() + "/cpoms");
		settings.put("CPOMS_API_TOKEN", MockCredentials.CPOMS_TOKEN);
		settings.put("CPOMS_ALERT_USER_IDS", "7");
		settings.put("NOTIFY_ALLOW_PRIVATE_NETWORK", "true");
		settings.put("CPOMS_ALLOW_PRIVATE_NETWORK", "true");
		return settings;
	}

	/**
	 * The settings of a node: {@link #schools}, the database, clustered, polls not on the
	 * connector files' schedules, and the mock's clock.
	 */
	static Map<String, String> settings(MockMis mock, String jdbcUrl, String user, String password,
			long clockOffsetMillis) {
		Map<String, String> settings = new LinkedHashMap<>(schools(mock));
		settings.put("spring.datasource.url", jdbcUrl);
		settings.put("spring.datasource.username", user);
		settings.put("spring.datasource.password", password);
		settings.put("spring.main.banner-mode", "off");
		settings.put("server.port", "0");
		settings.put("CLUSTER_ENABLED", "true");
		// Check in every second: a dead node is noticed within about nine.
		settings.put("attendance-bridge.cluster.checkin-interval", "1s");
		settings.put("attendance-bridge.scheduling.enabled", "false");
		settings.put("crash.clock-offset-millis", Long.toString(clockOffsetMillis));
		return settings;
	}

	/**
	 * Sets the mock's school clock running in real time from {@code schoolNow}; returns
	 * the offset from the wall clock that puts a node on the same time.
	 */
	static long onSchoolTime(MockMis mock, Instant schoolNow) {
		long real = System.currentTimeMillis();
		mock.clock().set(schoolNow, 1);
		return schoolNow.toEpochMilli() - real;
	}

	void start(String... names) {
		for (String name : names) {
			assertThat(this.running.get(name)).as("node %s already running", name).isNull();
			Path log = Path.of("target", "crash-nodes", name + "-" + System.currentTimeMillis() + ".log");
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
							"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
							AdapterNode.class.getName()));
			this.settings.forEach((key, value) -> command.add("--" + key + "=" + value));
			command.add("--attendance-bridge.dispatch.node=" + name);
			try {
				Files.createDirectories(log.getParent());
				this.running.put(name,
						new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
				this.logs.put(name, log);
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot start adapter node " + name + " (log " + log + ")", ex);
			}
			System.out.println(
					"started adapter node " + name + " (pid " + this.running.get(name).pid() + ", log " + log + ")");
		}
	}

	/** Waits until every running node has said it is ready, failing if one died. */
	void awaitReady() {
		await("adapter nodes ready").atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> {
			this.running.forEach((name, process) -> assertThat(process.isAlive())
				.as("node %s is running (log %s)", name, this.logs.get(name))
				.isTrue());
			return this.running.values().stream().allMatch((process) -> ready(process.pid()));
		});
	}

	private boolean ready(long pid) {
		return this.database.jdbc()
			.getJdbcTemplate()
			.queryForObject("select count(*) from crash_node where pid = " + pid, Long.class) > 0;
	}

	/**
	 * SIGKILL: no shutdown hook runs, nothing is closed, the node's work stops where it
	 * is.
	 */
	void kill(String name) {
		Process process = this.running.remove(name);
		assertThat(process).as("node %s running", name).isNotNull();
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		System.out.println("killed adapter node " + name + " (pid " + process.pid() + ")");
	}

	boolean isRunning(String name) {
		return this.running.containsKey(name);
	}

	List<String> names() {
		return List.copyOf(this.running.keySet());
	}

	/** The Quartz instance of a running node, as it said when ready. */
	String quartzInstance(String name) {
		return this.database.jdbc()
			.getJdbcTemplate()
			.queryForObject("select quartz_instance from crash_node where pid = " + this.running.get(name).pid(),
					String.class);
	}

	@Override
	public void close() {
		for (String name : names()) {
			kill(name);
		}
	}

}
