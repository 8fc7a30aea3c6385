package org.attendancebridge.crash;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.attendancebridge.action.dispatch.DispatchReport;
import org.attendancebridge.action.sms.SmsBreaker;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.cpoms.CpomsMock;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.TestPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter's connections to PostgreSQL go through a proxy that cuts them all at seeded
 * statements, mid-transaction, while the adapter polls the four schools (whose staff keep
 * correcting registers) and dispatches a morning's actions through the real routes, as
 * its timers would. A cut falls before a statement reaches the server or just after (a
 * commit may have landed unseen). Afterwards, with the connections left alone, the
 * adapter polls and dispatches on: every action is sent once or visibly in doubt, every
 * change landed once, no watermark moved back, the action logs verify, and the connection
 * pool holds no connection in use and none the server does not know.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.dispatch.node=cut-test", "attendance-bridge.breaker.open-seconds=1",
		"spring.datasource.hikari.connection-timeout=10000", "spring.main.banner-mode=off" })
@Import(MockSchoolClock.class)
@ExtendWith(CrashSeed.Extension.class)
class DatabaseCutTests {

	private static final int CUTS = 8;

	private static final int JOURNAL = 100_000;

	private static final int SLOW_MILLIS = 400;

	private static final String DATABASE = "database_cut";

	static final MockMis MOCK = MockSchoolClock
		.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).withGateways().withJournal(JOURNAL));

	private static SeverableProxy proxy;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	DataSource dataSource;

	@Autowired
	SmsBreaker breaker;

	/** Straight to PostgreSQL, past the proxy: the test's own look at the database. */
	private final NamedParameterJdbcTemplate direct = new NamedParameterJdbcTemplate(TestPostgres.dataSource(DATABASE));

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Matcher server = Pattern.compile("//[^:/]+:(\\d+)/").matcher(TestPostgres.database(DATABASE));
		assertThat(server.find()).isTrue();
		proxy = new SeverableProxy(Integer.parseInt(server.group(1)));
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE
				+ "?sslmode=disable&gssEncMode=disable");
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		AdapterNodes.schools(MOCK).forEach((key, value) -> registry.add(key, () -> value));
		MOCK.clock().set(MockClock.at(SchoolMorning.MONDAY, LocalTime.of(9, 31)), 0);
	}

	@AfterAll
	static void closeProxy() throws IOException {
		proxy.close();
	}

	@Test
	void connectionsCutMidTransactionLoseNothingSendNothingTwiceAndLeakNoConnection(CrashSeed seed) throws Exception {
		SchoolMorning morning = new SchoolMorning(MOCK);
		RegisterChecks registers = new RegisterChecks(this.direct);
		Random plan = seed.random("cuts");
		Random absences = seed.random("absences");
		Random corrections = seed.random("corrections");
		morning.absences(absences);
		slowWrites();
		pollAll();

		AtomicBoolean cutting = new AtomicBoolean(true);
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		// Paced as the adapter's timers would: a poll of every school, a dispatch run.
		List<Thread> loops = List.of(loop("polls", cutting, failures, () -> {
			pollAll();
			pause(200);
		}), loop("dispatch", cutting, failures, () -> {
			pause(100);
			dispatch();
		}), loop("corrections", cutting, failures, () -> {
			morning.correctLastWeek(corrections);
			registers.sampleWatermarks();
			pause(100);
		}));
		loops.forEach(Thread::start);
		try {
			for (int cut = 1; cut <= CUTS; cut++) {
				int after = 5 + plan.nextInt(60);
				SeverableProxy.Cut where = plan.nextBoolean() ? SeverableProxy.Cut.BEFORE : SeverableProxy.Cut.AFTER;
				long outage = plan.nextInt(300);
				proxy.arm(after, where, outage);
				int done = cut;
				await("cut " + cut + " (" + where + " statement " + after + " from now)").atMost(Duration.ofSeconds(60))
					.until(() -> proxy.cuts() == done);
				System.out.println("cut " + cut + ": every connection, " + where.name().toLowerCase() + " statement "
						+ after + ", then " + outage + " ms refused");
				if (cut % 3 == 0) {
					morning.absences(absences);
				}
			}
		}
		finally {
			cutting.set(false);
			proxy.disarm();
			for (Thread loop : loops) {
				loop.join(60_000);
			}
		}

		// Left alone, the adapter carries on: polls catch up, dispatch settles (leases of
		// rows a cut left SENDING run out as the school's clock moves on).
		morning.correctLastWeek(corrections);
		settle();
		Map<Long, Integer> written = new GatewayWrites(MOCK, JOURNAL).byAction();
		System.out.println("left SENDING by a cut, then reconciled: " + this.direct.queryForObject(
				"select count(distinct outbox_id) from action_log where state = 'IN_DOUBT'", Map.of(), Long.class)
				+ " actions");
		System.out.println("outbox after " + CUTS + " cuts: "
				+ this.direct.queryForList(
						"select kind, state, count(*) as actions from outbox group by kind, state order by kind, state",
						Map.of())
				+ "; " + written.size() + " actions written to the gateways");
		OutboxChecks.hold(this.direct, TestPostgres.dataSource(DATABASE), written,
				Map.of("prevention", Set.of(), "st-johns", Set.of("task")));
		for (String school : SchoolMorning.SCHOOLS) {
			registers.storeMatchesMis(MOCK, school);
			registers.everyChangeLandedOnce(school);
		}
		registers.watermarksNeverMovedBack();

		// The pool refills itself after a cut, so each look waits for a quiet moment.
		HikariPoolMXBean pool = this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
		await("every connection of the pool idle, none in use or awaited").atMost(Duration.ofSeconds(10))
			.until(() -> pool.getActiveConnections() == 0 && pool.getThreadsAwaitingConnection() == 0
					&& pool.getIdleConnections() == pool.getTotalConnections());
		await("no connection the server has and the pool does not").atMost(Duration.ofSeconds(10))
			.until(() -> this.direct.queryForObject(
					"select count(*) from pg_stat_activity "
							+ "where datname = current_database() and pid <> pg_backend_pid()",
					Map.of(), Long.class) <= pool.getTotalConnections());
		System.out.println("connection pool after the cuts: " + pool.getTotalConnections() + " connections, "
				+ pool.getActiveConnections() + " in use");
		assertThat(failures).as("failures the adapter's routes let through").isEmpty();
	}

	/**
	 * Every write to the MIS, the gateway and CPOMS takes a while: a cut often falls
	 * while one is on its way, and the dispatcher records its outcome on a connection
	 * that was cut meanwhile.
	 */
	private static void slowWrites() {
		for (String system : List.of("arbor", "classcharts", "wonde")) {
			MOCK.switchOn(FaultSwitch.of(system, null, FaultKind.SLOW).withDelay(SLOW_MILLIS).writesOnly(true));
		}
		MOCK.system(NotifyMock.class).orElseThrow().fault(MockFault.slow(Duration.ofMillis(SLOW_MILLIS)));
		MOCK.system(CpomsMock.class).orElseThrow().fault(MockFault.slow(Duration.ofMillis(SLOW_MILLIS)));
	}

	/** Runs a step until cutting stops; what a cut breaks is the adapter's to handle. */
	private static Thread loop(String name, AtomicBoolean running, List<Throwable> failures, Runnable step) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				try {
					step.run();
				}
				catch (RuntimeException ex) {
					// A poll fails into its route's fallback; a dispatch run fails out,
					// to be run again by its timer, as here.
					if (!name.equals("dispatch")) {
						failures.add(ex);
					}
				}
			}
		}, "cut-test-" + name);
		thread.setDaemon(true);
		return thread;
	}

	private void pollAll() {
		for (String school : SchoolMorning.SCHOOLS) {
			this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", "REGISTER"));
		}
	}

	private DispatchReport dispatch() {
		return this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
	}

	private boolean busyOrFailed() {
		try {
			return dispatch().isBusy();
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	/**
	 * Polls and dispatches until the outbox is settled, moving the school's clock on
	 * three minutes a round: past the two-minute lease of a row a cut left SENDING, and
	 * past its backoff. A dispatch run that fails (the pool may hand out a connection cut
	 * a moment ago, before it tests it again) is run again, as its timer would.
	 */
	private void settle() {
		for (int round = 0; round < 12; round++) {
			// A morning's texts that came due together while the cuts failed every run
			// may trip the mass-text breaker: a person checks them and lets them go.
			this.breaker.halted().forEach((school) -> this.breaker.release(school, "cut-test"));
			pollAll();
			for (int run = 0; run < 10 && busyOrFailed(); run++) {
				// until quiet
			}
			if (OutboxChecks.unsettled(this.direct) == 0) {
				pollAll();
				return;
			}
			MOCK.clock().set(MOCK.clock().instant().plus(Duration.ofMinutes(3)), 0);
		}
		throw new AssertionError("the outbox did not settle: " + this.direct.queryForList(
				"select id, kind, state, last_error from outbox where state in ('PENDING', 'RETRYABLE', 'SENDING', "
						+ "'IN_DOUBT')",
				Map.of()));
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
