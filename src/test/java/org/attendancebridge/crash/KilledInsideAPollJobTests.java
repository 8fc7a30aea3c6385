package org.attendancebridge.crash;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Two adapter processes on one PostgreSQL poll four schools on clustered Quartz triggers
 * firing every five seconds, while the schools amend their registers; the MIS answers
 * slowly, so a poll takes a while. At seeded points the node running a school's poll job
 * is killed with SIGKILL, then started again, the other staying up. The other node runs
 * the killed poll again (the job asks for recovery); every scheduled fire of every
 * school's trigger ran, once; every mark landed once and the store holds the MIS's
 * register; no watermark moved back.
 */
@ExtendWith(CrashSeed.Extension.class)
class KilledInsideAPollJobTests {

	/** Every fire of a school's trigger: the cron's seconds, 0/5. */
	private static final long TICK = 5000;

	/** How long each MIS answer takes: the window a kill lands in. */
	private static final int SLOW_MILLIS = 300;

	private static final int ROUNDS = 2;

	/** The schools on the MIS slowed here: Arbor and Wonde. */
	private static final List<String> SLOW_SCHOOLS = List.of("st-johns", "prevention", "toolkit");

	private TestDatabase database;

	private MockMis mock;

	private AdapterNodes nodes;

	private RegisterChecks registers;

	private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);

	private final List<Throwable> backgroundFailures = new CopyOnWriteArrayList<>();

	/** A poll job a node died inside: its school and scheduled fire time. */
	private record Killed(String school, long scheduledAt, String node) {
	}

	@BeforeEach
	void start() {
		this.database = TestDatabase.create(TestDatabase.Kind.POSTGRES);
		this.mock = MockMis.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).withJournal(0));
		this.registers = new RegisterChecks(this.database.jdbc());
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.background.shutdownNow();
		this.background.awaitTermination(10, TimeUnit.SECONDS);
		if (this.nodes != null) {
			this.nodes.close();
		}
		this.mock.stop();
	}

	@Test
	void aPollJobWhoseNodeDiedIsRunAgainAndEveryScheduledPollRunsOnce(CrashSeed seed) throws Exception {
		long offset = AdapterNodes.onSchoolTime(this.mock, MockClock.at(SchoolMorning.MONDAY, LocalTime.of(9, 31)));
		// Class Charts asks for each pupil: slowed too, its poll would outlast the tick.
		for (String system : List.of("arbor", "wonde")) {
			this.mock.switchOn(FaultSwitch.of(system, null, FaultKind.SLOW).withDelay(SLOW_MILLIS));
		}
		Map<String, String> settings = new LinkedHashMap<>(AdapterNodes.settings(this.mock, this.database.url(),
				this.database.user(), this.database.password(), offset));
		settings.put("crash.poll-cron", "0/5 * * * * ?");
		settings.put("attendance-bridge.dispatch.enabled", "false");
		settings.put("attendance-bridge.mis.response-timeout-millis", "5000");
		this.nodes = new AdapterNodes(this.database, settings);
		this.nodes.start("node-a", "node-b");
		this.nodes.awaitReady();
		long from = (System.currentTimeMillis() / TICK + 2) * TICK;
		await("every school polled").atMost(Duration.ofSeconds(60))
			.until(() -> count("select count(distinct school) from poll_fire where finished") == SchoolMorning.SCHOOLS
				.size());

		every(100, this.registers::sampleWatermarks);
		Random corrections = seed.random("corrections");
		SchoolMorning morning = new SchoolMorning(this.mock);
		every(250, () -> morning.correctLastWeek(corrections));

		Random kills = seed.random("kills");
		List<Killed> killed = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			// One instance always up: with none, a poll later than the misfire threshold
			// is skipped to the next, by design (the dispatch test kills both).
			Killed kill = killInsideAPoll(round, kills);
			killed.add(kill);
			this.nodes.start(kill.node());
			this.nodes.awaitReady();
		}
		for (Killed kill : killed) {
			await("the poll killed in " + kill.school() + " run again").atMost(Duration.ofSeconds(60))
				.until(() -> count(
						"select count(*) from poll_fire where trigger_group = 'RECOVERING_JOBS' and finished "
								+ "and school = '" + kill.school() + "' and scheduled_at = "
								+ kill.scheduledAt()) == 1);
		}
		this.background.shutdownNow();
		this.background.awaitTermination(10, TimeUnit.SECONDS);
		// Every school polled at a time scheduled after the last amendment: the store has
		// caught up, and a job's fires run in order, so every earlier one has been run.
		long last = System.currentTimeMillis();
		long to = last / TICK * TICK;
		await("every school polled at a time scheduled after the last amendment").atMost(Duration.ofSeconds(90))
			.until(() -> count("select count(distinct school) from poll_fire where finished "
					+ "and trigger_group = 'attendance-bridge' and scheduled_at > " + last) == SchoolMorning.SCHOOLS
						.size());
		this.nodes.close();

		assertThat(this.backgroundFailures).as("failures of the amendments and the watermark samples").isEmpty();
		assertThat(firedTwice()).as("fires of a school trigger run twice").isEmpty();
		for (String school : SchoolMorning.SCHOOLS) {
			List<String> missed = new ArrayList<>();
			for (long tick = from; tick <= to; tick += TICK) {
				if (count("select count(*) from poll_fire f where school = '" + school + "' and scheduled_at = " + tick
						+ " and trigger_group = 'attendance-bridge' and (finished or exists (select 1 from "
						+ "poll_fire r where r.school = f.school and r.scheduled_at = f.scheduled_at "
						+ "and r.trigger_group = 'RECOVERING_JOBS' and r.finished))") != 1) {
					missed.add(tick + ", fires around it: " + this.database.jdbc()
						.queryForList("select node, trigger_group, scheduled_at, started_at, finished from poll_fire "
								+ "where school = :school and scheduled_at between :tick - 15000 and :tick + 15000 "
								+ "order by id", Map.of("school", school, "tick", tick)));
				}
			}
			assertThat(missed).as("polls of %s scheduled from %d to %d that did not run to their end", school, from, to)
				.isEmpty();
			this.registers.storeMatchesMis(this.mock, school);
			this.registers.everyChangeLandedOnce(school);
		}
		this.registers.watermarksNeverMovedBack();
		assertThat(this.registers.changesRecorded()).as("amendments stored as corrections").isPositive();
	}

	/**
	 * Waits for the n-th fire (n seeded, 1 to 3) of a seeded school's trigger (a school
	 * whose MIS answers slowly) and kills the node running it a seeded while into the
	 * poll; if the poll ended first, the next fire's, half as far in.
	 */
	private Killed killInsideAPoll(int round, Random plan) throws InterruptedException {
		String school = SLOW_SCHOOLS.get(plan.nextInt(SLOW_SCHOOLS.size()));
		int n = 1 + plan.nextInt(3);
		long pause = (long) (plan.nextDouble() * SLOW_MILLIS * 2);
		long after = count("select coalesce(max(id), 0) from poll_fire");
		long deadline = System.currentTimeMillis() + 120_000;
		while (System.currentTimeMillis() < deadline) {
			List<Map<String, Object>> fires = this.database.jdbc()
				.queryForList(
						"select id, node, scheduled_at, finished from poll_fire where school = :school "
								+ "and trigger_group = 'attendance-bridge' and id > :after order by id",
						Map.of("school", school, "after", after));
			if (fires.size() >= n) {
				Map<String, Object> fire = fires.get(n - 1);
				String node = (String) fire.get("node");
				if (!(Boolean) fire.get("finished") && this.nodes.isRunning(node)) {
					Thread.sleep(pause);
					long id = ((Number) fire.get("id")).longValue();
					if (count("select count(*) from poll_fire where finished and id = " + id) == 0) {
						this.nodes.kill(node);
						assertThat(count("select count(*) from poll_fire where finished and id = " + id))
							.as("the poll was still running when its node died")
							.isZero();
						long scheduled = ((Number) fire.get("scheduled_at")).longValue();
						System.out.println("round " + round + ": killed " + node + " " + pause + " ms into poll " + n
								+ " of " + school + " (scheduled at " + scheduled + ")");
						return new Killed(school, scheduled, node);
					}
				}
				n++;
				pause /= 2;
			}
			Thread.sleep(20);
		}
		return fail("round %d: no poll of %s to kill its node in", round, school);
	}

	/** Runs a task in the background until the test stops it, keeping its failures. */
	private void every(long millis, Runnable task) {
		this.background.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException | AssertionError ex) {
				this.backgroundFailures.add(ex);
			}
		}, 0, millis, TimeUnit.MILLISECONDS);
	}

	private List<Map<String, Object>> firedTwice() {
		return this.database.jdbc()
			.queryForList("select school, scheduled_at, count(*) as runs from poll_fire where trigger_group = "
					+ "'attendance-bridge' group by school, scheduled_at having count(*) > 1", Map.of());
	}

	private long count(String sql) {
		return this.database.jdbc().getJdbcTemplate().queryForObject(sql, Long.class);
	}

}
