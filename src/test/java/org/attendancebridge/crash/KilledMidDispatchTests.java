package org.attendancebridge.crash;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.cpoms.CpomsMock;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Two adapter processes on one PostgreSQL dispatch a school morning's actions into the
 * mock MIS, the SMS gateway and CPOMS, every one of which answers writes slowly; at
 * seeded points one node is killed with SIGKILL while a write it sent waits for its
 * answer, then started again. Afterwards every action that reached a gateway was written
 * there exactly once (counted by its reference in the mock's journal), the one in flight
 * included, or sits visibly IN_DOUBT; nothing is lost or left SENDING; dry runs and
 * approvals sent nothing; and every action log chain verifies.
 */
@ExtendWith(CrashSeed.Extension.class)
class KilledMidDispatchTests {

	/** How long every write waits for its answer: the window a kill lands in. */
	private static final Duration SLOW = Duration.ofMillis(1500);

	private static final int ROUNDS = 2;

	private static final int JOURNAL = 100_000;

	private TestDatabase database;

	private MockMis mock;

	private AdapterNodes nodes;

	private GatewayWrites writes;

	/** One node's death: where it landed, and what it left behind. */
	private record Kill(int round, String node, long inFlight, List<Long> leftSending) {
	}

	@BeforeEach
	void start() {
		this.database = TestDatabase.create(TestDatabase.Kind.POSTGRES);
		this.mock = MockMis
			.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).withGateways().withJournal(JOURNAL));
		this.writes = new GatewayWrites(this.mock, JOURNAL);
	}

	@AfterEach
	void stop() {
		if (this.nodes != null) {
			this.nodes.close();
		}
		this.mock.stop();
	}

	@Test
	void anActionWhoseNodeDiedAfterItsRequestLeftIsSentOnceOrLeftInDoubt(CrashSeed seed) throws InterruptedException {
		long offset = AdapterNodes.onSchoolTime(this.mock, MockClock.at(SchoolMorning.MONDAY, LocalTime.of(9, 31)));
		slowWrites();
		Random absences = seed.random("absences");
		Random kills = seed.random("kills");
		SchoolMorning morning = new SchoolMorning(this.mock);
		morning.absences(absences);
		this.nodes = new AdapterNodes(this.database, settings(offset));
		this.nodes.start("node-a", "node-b");
		this.nodes.awaitReady();

		List<Kill> done = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			if (round > 1) {
				// More pupils missing: a new wave of actions for the next kill.
				morning.absences(absences);
			}
			// Started again at once: the next round may kill the survivor while the other
			// starts, leaving what both left SENDING to the restarted nodes.
			Kill kill = killMidSend(round, kills);
			done.add(kill);
			this.nodes.start(kill.node());
		}
		this.nodes.awaitReady();
		await("every action settled (sent, failed, held or in doubt)").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.during(Duration.ofSeconds(3))
			.until(() -> OutboxChecks.unsettled(this.database.jdbc()) == 0);
		this.nodes.close();

		Map<Long, Integer> written = this.writes.byAction();
		System.out.println("outbox after " + ROUNDS + " kills: " + this.database.jdbc()
			.queryForList(
					"select kind, state, count(*) as actions from outbox group by kind, state order by kind, state",
					Map.of())
				+ "; " + written.size() + " actions written to the gateways");
		OutboxChecks.hold(this.database.jdbc(), this.database.dataSource(), written,
				Map.of("prevention", Set.of(), "st-johns", Set.of("task")));
		assertThat(written).as("writes that reached the gateways").hasSizeGreaterThan(ROUNDS);
		assertThat(this.database.jdbc()
			.queryForList("select distinct kind || ' ' || state || coalesce(' ' || held_for, '') from outbox", Map.of(),
					String.class))
			.as("what the morning's actions came to")
			.contains("sms SENT", "cpoms-concern SENT", "mis-note SENT", "task PROPOSED dry-run");
		for (Kill kill : done) {
			// The write in flight when its node died: found by its reference, not resent.
			assertThat(state(kill.inFlight())).as("the action in flight in round %d", kill.round())
				.isIn("SENT", "IN_DOUBT");
			assertThat(written.get(kill.inFlight())).as("writes of the action in flight in round %d", kill.round())
				.isEqualTo(1);
			assertThat(logged(kill.inFlight(), "IN_DOUBT")).as("the in-flight action went through IN_DOUBT")
				.isPositive();
			for (long left : kill.leftSending()) {
				assertThat(state(left)).as("action %d left SENDING in round %d", left, kill.round())
					.isIn("SENT", "FAILED", "IN_DOUBT");
				assertThat(written.getOrDefault(left, 0)).as("writes of action %d", left).isLessThanOrEqualTo(1);
			}
		}
	}

	private Map<String, String> settings(long offset) {
		Map<String, String> settings = new LinkedHashMap<>(AdapterNodes.settings(this.mock, this.database.url(),
				this.database.user(), this.database.password(), offset));
		settings.put("crash.poll-cron", "0/5 * * * * ?");
		settings.put("attendance-bridge.dispatch.period", "500");
		// Small batches, so both nodes send; a lease that outlasts a batch of slow writes
		// on a loaded machine, and any channel's timeout.
		settings.put("attendance-bridge.dispatch.batch-size", "2");
		settings.put("attendance-bridge.dispatch.lease", "10s");
		settings.put("attendance-bridge.dispatch.backoff", "1s");
		settings.put("attendance-bridge.dispatch.max-backoff", "4s");
		settings.put("attendance-bridge.sms.timeout", "4s");
		settings.put("CPOMS_TIMEOUT_SECONDS", "4");
		settings.put("attendance-bridge.mis.response-timeout-millis", "4000");
		return settings;
	}

	/** Every write to the MIS, the gateway and CPOMS is answered late, and kept. */
	private void slowWrites() {
		for (String system : List.of("arbor", "classcharts", "wonde")) {
			this.mock.switchOn(
					FaultSwitch.of(system, null, FaultKind.SLOW).withDelay((int) SLOW.toMillis()).writesOnly(true));
		}
		this.mock.system(NotifyMock.class).orElseThrow().fault(MockFault.slow(SLOW));
		this.mock.system(CpomsMock.class).orElseThrow().fault(MockFault.slow(SLOW));
	}

	/**
	 * Waits for the k-th new write (k seeded, 1 to 3) and kills the node that sent it a
	 * seeded while into its slow answer; if that answer came first, the next write's
	 * node.
	 */
	private Kill killMidSend(int round, Random plan) throws InterruptedException {
		Set<Long> before = new HashSet<>(this.writes.inOrder());
		int k = 1 + plan.nextInt(3);
		long pause = (long) (plan.nextDouble() * SLOW.toMillis() * 0.5);
		long deadline = System.currentTimeMillis() + 120_000;
		while (System.currentTimeMillis() < deadline) {
			List<Long> fresh = new ArrayList<>(new LinkedHashSet<>(this.writes.inOrder()));
			fresh.removeAll(before);
			if (fresh.size() >= k) {
				long action = fresh.get(k - 1);
				String node = senderStillWaiting(action);
				if (node != null) {
					Thread.sleep(pause);
					if (node.equals(senderStillWaiting(action))) {
						this.nodes.kill(node);
						List<Long> left = this.database.jdbc()
							.queryForList("select id from outbox where state = 'SENDING' and lease_owner = :node",
									Map.of("node", node), Long.class);
						assertThat(left).as("the action in flight is still SENDING after its node died")
							.contains(action);
						System.out.println("round " + round + ": killed " + node + " " + pause + " ms after write " + k
								+ " (action " + action + ") arrived; left SENDING: " + left);
						return new Kill(round, node, action, left);
					}
				}
				k++;
			}
			Thread.sleep(20);
		}
		return fail("round %d: no write arrived to kill its node at", round);
	}

	/** The node whose write for this action is still waiting for its answer, or null. */
	private String senderStillWaiting(long action) {
		Map<String, Object> row = this.database.jdbc()
			.queryForMap("select state, lease_owner from outbox where id = :id", Map.of("id", action));
		String owner = (String) row.get("lease_owner");
		return ("SENDING".equals(row.get("state")) && owner != null && this.nodes.isRunning(owner)) ? owner : null;
	}

	private String state(long id) {
		return this.database.jdbc()
			.queryForObject("select state from outbox where id = :id", Map.of("id", id), String.class);
	}

	private long logged(long id, String state) {
		return this.database.jdbc()
			.queryForObject("select count(*) from action_log where outbox_id = :id and state = :state",
					Map.of("id", id, "state", state), Long.class);
	}

}
