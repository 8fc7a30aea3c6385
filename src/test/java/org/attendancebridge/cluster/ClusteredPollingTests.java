package org.attendancebridge.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two adapter instances on one PostgreSQL, each a process of its own (see
 * {@link ClusterNode}), share the schools' poll triggers through clustered Quartz: every
 * fire runs on exactly one of them, and when one is killed mid-poll, as a machine dies,
 * the other runs that poll again and takes over its triggers.
 */
class ClusteredPollingTests {

	private static final Duration BOUND = Duration.ofSeconds(60);

	private final Map<String, Process> nodes = new LinkedHashMap<>();

	private TestDatabase database;

	@BeforeEach
	void database() {
		this.database = TestDatabase.create(TestDatabase.Kind.POSTGRES);
		this.database.jdbc().getJdbcTemplate().execute(ClusterNode.FIRES_TABLE);
	}

	@AfterEach
	void killNodes() throws InterruptedException {
		for (Process node : this.nodes.values()) {
			node.destroyForcibly().waitFor();
		}
	}

	@Test
	void eachFireOfASchoolTriggerRunsOnExactlyOneNode() {
		start("a", 4, 100);
		start("b", 4, 100);
		awaitBothNodesPolling();
		long fires = count("select count(*) from poll_fire");
		await("fifteen more polls").atMost(BOUND).until(() -> count("select count(*) from poll_fire") >= fires + 15);
		assertThat(count("select count(*) from poll_fire where trigger_group <> 'attendance-bridge'")).isZero();
		assertThat(firedTwice()).isEmpty();
	}

	@Test
	void aSurvivorRerunsThePollOfANodeKilledMidPollAndTakesOverItsTriggers() throws InterruptedException {
		start("a", 3, 3000);
		start("b", 3, 3000);
		awaitBothNodesInTheCluster();
		await("a poll running").atMost(BOUND)
			.until(() -> count("select count(*) from poll_fire where not finished") > 0);
		// Kill a node while one of its polls runs: its fired trigger is left behind.
		Map<String, Object> running = this.database.jdbc()
			.queryForList("select id, node, school, scheduled_at from poll_fire where not finished "
					+ "order by id desc limit 1", Map.of())
			.get(0);
		String dead = (String) running.get("node");
		this.nodes.get(dead).destroyForcibly().waitFor();
		long killedAt = System.currentTimeMillis();
		assertThat(count("select count(*) from poll_fire where finished and id = " + running.get("id")))
			.as("the poll was still running when its node died")
			.isZero();
		String survivor = dead.equals("a") ? "b" : "a";

		// The interrupted poll runs again on the survivor, for the same scheduled time.
		await("the dead node's poll run again on the survivor").atMost(BOUND)
			.until(() -> count("select count(*) from poll_fire where node = '" + survivor
					+ "' and trigger_group = 'RECOVERING_JOBS' and school = '" + running.get("school")
					+ "' and scheduled_at = " + running.get("scheduled_at")) == 1);
		// And the survivor fires every school's trigger from then on, the dead node's
		// too.
		await("every school's trigger fired by the survivor").atMost(BOUND)
			.until(() -> count("select count(distinct school) from poll_fire where node = '" + survivor
					+ "' and trigger_group = 'attendance-bridge' and scheduled_at > " + killedAt) == 3);
		assertThat(firedTwice()).isEmpty();
	}

	@Test
	void aNodeStartedWithoutASchoolRemovesThatSchoolsTriggerFromTheCluster() {
		start("a", 3, 100);
		await("three schools' triggers stored").atMost(BOUND)
			.until(() -> count("select count(*) from qrtz_triggers") == 3);
		// Restarted with the school's connector file gone: its trigger must not be left
		// to
		// fire on an instance that no longer has a route for it.
		start("b", 2, 100);
		await("the removed school's trigger gone").atMost(BOUND)
			.until(() -> count("select count(*) from qrtz_triggers where trigger_name = 'school-3-register-1'") == 0);
		assertThat(count("select count(*) from qrtz_triggers")).isEqualTo(2);
		assertThat(count("select count(*) from qrtz_job_details")).isEqualTo(2);
	}

	private void start(String node, int schools, long pollMillis) {
		Path log = Path.of("target", "cluster-nodes", node + "-" + System.nanoTime() + ".log");
		try {
			Files.createDirectories(log.getParent());
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process process = new ProcessBuilder(java, "-Xmx256m",
					"-Dlogback.configurationFile=cluster-node-logback.xml", "-cp",
					System.getProperty("java.class.path"), ClusterNode.class.getName(), this.database.url(),
					this.database.user(), this.database.password(), node, Integer.toString(schools),
					Long.toString(pollMillis))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			this.nodes.put(node, process);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start cluster node " + node + " (log " + log + ")", ex);
		}
	}

	/** Both nodes have checked in with the cluster. */
	private void awaitBothNodesInTheCluster() {
		await("both nodes checked in with the cluster").atMost(BOUND).until(() -> {
			assertNodesAlive();
			return count("select count(*) from qrtz_scheduler_state") == this.nodes.size();
		});
	}

	/** Each node has run a poll. */
	private void awaitBothNodesPolling() {
		await("both nodes polling").atMost(BOUND).until(() -> {
			assertNodesAlive();
			return count("select count(distinct node) from poll_fire") == this.nodes.size();
		});
	}

	private void assertNodesAlive() {
		this.nodes.forEach((name, process) -> assertThat(process.isAlive()).as("node %s is running", name).isTrue());
	}

	/**
	 * The fires of a school trigger that ran more than once: what a cluster must prevent.
	 */
	private List<Map<String, Object>> firedTwice() {
		return new ArrayList<>(this.database.jdbc()
			.queryForList("select school, scheduled_at, count(*) as runs from poll_fire where trigger_group = "
					+ "'attendance-bridge' group by school, scheduled_at having count(*) > 1", Map.of()));
	}

	private long count(String sql) {
		return this.database.jdbc().getJdbcTemplate().queryForObject(sql, Long.class);
	}

}
