package org.attendancebridge.store;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.attendancebridge.connector.ConnectorHealth;
import org.attendancebridge.connector.SchoolBreakers;
import org.attendancebridge.connector.Sleeper;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault the mock MIS can play, on every school whose connector is built, through
 * the real routes into a real database: the fault is switched on, the school polled, the
 * fault switched off and the school polled again. Whatever the fault, no mark is lost or
 * stored twice, no watermark moves back, garbled records are rejected (not stored, not
 * deleting what was), and the school's health and circuit breaker say what happened.
 * Retries do not really wait (the sleeper only records), and a MIS answer counts as lost
 * after two seconds.
 */
// No dispatch: it would write notes and amendments back into the mock this test reads.
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"spring.main.banner-mode=off", "attendance-bridge.mis.response-timeout-millis=2000",
		"attendance-bridge.breaker.open-seconds=5" })
abstract class FaultSuiteTests {

	/**
	 * A school under test: its id, its mock system, our pupil id for a mock pupil, and
	 * the credential variables its connector file names.
	 */
	record School(String id, String system, IntFunction<String> pupilId, Map<String, String> credentials) {

		@Override
		public String toString() {
			return this.id + " (" + this.system + ")";
		}

	}

	/** One line per school; SIMS joins when its connector does. */
	static final List<School> SCHOOLS = List.of(
			new School("st-johns", "arbor", (id) -> "arbor-" + id,
					Map.of("ARBOR_ST_JOHNS_USERNAME", MockCredentials.ARBOR_USER, "ARBOR_ST_JOHNS_PASSWORD",
							MockCredentials.ARBOR_PASSWORD)),
			new School("toolkit", "wonde", (id) -> "wonde-A" + (1_000_000_000L + id * 7_919L),
					Map.of("WONDE_TOOLKIT_TOKEN", MockCredentials.WONDE_TOKEN)),
			new School("graduated", "classcharts", (id) -> "classcharts-" + id,
					Map.of("CLASSCHARTS_GRADUATED_USERNAME", MockCredentials.CLASS_CHARTS_EMAIL,
							"CLASSCHARTS_GRADUATED_PASSWORD", MockCredentials.CLASS_CHARTS_PASSWORD)),
			new School("staged", "sims", (id) -> "sims-L-" + id,
					Map.of("SIMS_STAGED_CLIENT_ID", MockCredentials.SIMS_CLIENT_ID, "SIMS_STAGED_CLIENT_SECRET",
							MockCredentials.SIMS_CLIENT_SECRET, "SIMS_STAGED_SUBSCRIPTION_KEY",
							MockCredentials.SIMS_SUBSCRIPTION_KEY)));

	/** The paging faults exist only where the MIS pages by number. */
	static boolean applies(FaultKind kind, String system) {
		return switch (kind) {
			case DUPLICATE_ACROSS_PAGES -> system.equals("arbor") || system.equals("wonde");
			case MORE_WITHOUT_NEXT -> system.equals("wonde");
			default -> true;
		};
	}

	static Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (School school : SCHOOLS) {
			for (FaultKind kind : FaultKind.values()) {
				if (applies(kind, school.system())) {
					cases.add(Arguments.of(school, kind));
				}
			}
		}
		return cases.stream();
	}

	static MockMis startMock() {
		return MockSchoolClock.start(MockMisOptions.defaults().withRoll(30).withSpeed(0));
	}

	static void mockProperties(DynamicPropertyRegistry registry, MockMis mock) {
		registry.add("MOCK_MIS_URL", mock::baseUrl);
		SCHOOLS.forEach((school) -> school.credentials().forEach((name, value) -> registry.add(name, () -> value)));
	}

	/** Retries wait for nothing; what they asked for is kept. */
	@TestConfiguration
	static class Waits {

		final List<Duration> asked = new CopyOnWriteArrayList<>();

		@Bean
		Sleeper recordingSleeper() {
			return this.asked::add;
		}

	}

	abstract MockMis mock();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	ConnectorHealth health;

	@Autowired
	SchoolBreakers breakers;

	@Autowired
	Waits waits;

	@Autowired
	WatermarkStore watermarks;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void everySchoolPolledOnce() {
		mock().clearFaults();
		for (School school : SCHOOLS) {
			this.breakers.close(school.id());
			if (this.health.of(school.id()).map((s) -> s.lastSuccessAt() == null).orElse(true)) {
				poll(school, "REGISTER");
			}
		}
	}

	@AfterEach
	void faultsOff() {
		mock().clearFaults();
	}

	private void poll(School school, String mode) {
		this.camel.sendBodyAndHeaders("direct:sync-" + school.id(), null, Map.of("school", school.id(), "mode", mode));
	}

	private ConnectorHealth.State health(School school) {
		return this.health.of(school.id()).orElseThrow();
	}

	private Map<String, String> watermarks(School school) {
		Map<String, String> marks = new HashMap<>();
		this.jdbc.query("select feed, watermark from watermark where school_id = :school",
				Map.of("school", school.id()),
				(RowCallbackHandler) (rs) -> marks.put(rs.getString(1), rs.getString(2)));
		return marks;
	}

	private static void neverBack(Map<String, String> before, Map<String, String> after) {
		before.forEach((feed, value) -> {
			assertThat(after).containsKey(feed);
			if (value != null) {
				assertThat(WatermarkStore.isAfter(value, after.get(feed))).as("watermark of %s moved back", feed)
					.isFalse();
			}
		});
	}

	private static String key(String pupil, Object date, String session) {
		return pupil + "|" + date + "|" + session;
	}

	private Map<String, String> stored(School school) {
		Map<String, String> marks = new HashMap<>();
		this.jdbc.query("select pupil_id, mark_date, session, code from mark where school_id = :school",
				Map.of("school", school.id()), (RowCallbackHandler) (rs) -> marks
					.put(key(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3)), rs.getString(4)));
		return marks;
	}

	/**
	 * The store holds the MIS's register, mark for mark: a mark the MIS garbled keeps
	 * what was stored, and a pupil deleted now keeps their marks.
	 */
	private void storeMatchesMis(School school) {
		SchoolState mis = mock().school(school.id());
		Map<String, String> stored = stored(school);
		Set<String> onRoll = new HashSet<>();
		mis.pupils().forEach((p) -> onRoll.add(school.pupilId().apply(p.id())));
		Set<String> seen = new HashSet<>();
		for (RegisterMark mark : mis.marks((m) -> true)) {
			String key = key(school.pupilId().apply(mark.pupilId()), mark.date(), mark.session().name());
			seen.add(key);
			if (mark.code().equals(SchoolState.UNKNOWN_CODE)) {
				continue;
			}
			assertThat(stored.get(key)).as("mark %s", key).isEqualTo(mark.code());
		}
		for (String key : stored.keySet()) {
			if (!seen.contains(key)) {
				// Only a pupil off the MIS's roll now has marks the MIS does not show.
				assertThat(onRoll).as("stored mark %s the MIS does not have", key).doesNotContain(key.split("\\|")[0]);
			}
		}
	}

	/** A mark of last Friday changed in the MIS, for the faulty poll to miss. */
	private RegisterMark change(School school) {
		SchoolState mis = mock().school(school.id());
		LocalDate friday = LocalDate.of(2024, 11, 8);
		RegisterMark mark = mis.marks((m) -> m.date().equals(friday) && m.code().equals("/")).get(0);
		return mis.amend(mark.pupilId(), mark.date(), mark.session(), "M", null, "appointment");
	}

	private static FaultSwitch switchFor(School school, FaultKind kind) {
		FaultSwitch fault = FaultSwitch.of(school.system(), school.id(), kind);
		return switch (kind) {
			case RATE_LIMIT -> fault.withRetryAfter(7);
			case SERVER_ERROR -> fault.withStatus(502);
			// Two answers later than the connector waits, then answers in time.
			case SLOW -> fault.withDelay(3000).times(2);
			case TOKEN_EXPIRY -> fault.times(1);
			case LATE_CORRECTIONS -> fault.times(3);
			case DELETED_RESTORED_PUPIL -> fault.withRestoreAfter(30);
			default -> fault;
		};
	}

	/**
	 * Whether the poll under the fault cannot succeed: the MIS never answers usefully.
	 */
	private static boolean pollFails(School school, FaultKind kind) {
		return switch (kind) {
			case RATE_LIMIT, SERVER_ERROR, CONNECTION_RESET, MAINTENANCE_PAGE -> true;
			// Fixed credentials cannot be renewed; a Class Charts session and a SIMS
			// client-credentials token can.
			case TOKEN_EXPIRY -> !school.system().equals("classcharts") && !school.system().equals("sims");
			default -> false;
		};
	}

	private static String mode(FaultKind kind) {
		return switch (kind) {
			// The paged reads: the whole year at night.
			case DUPLICATE_ACROSS_PAGES, MORE_WITHOUT_NEXT -> "NIGHTLY";
			default -> "REGISTER";
		};
	}

	@ParameterizedTest(name = "{1} on {0}")
	@MethodSource("cases")
	void aFaultLosesDuplicatesAndRewindsNothing(School school, FaultKind kind) {
		SchoolState mis = mock().school(school.id());
		RegisterMark changed = change(school);
		Map<String, String> before = watermarks(school);
		ConnectorHealth.State was = health(school);
		this.waits.asked.clear();
		// The pupil the deletion fault takes: the middle one of the roll.
		MockPupil deleted = (kind == FaultKind.DELETED_RESTORED_PUPIL) ? mis.pupils().get(mis.pupils().size() / 2)
				: null;
		long deletedMarks = (deleted == null) ? 0 : marksOf(school, school.pupilId().apply(deleted.id()));
		mock().switchOn(switchFor(school, kind));
		poll(school, mode(kind));
		Map<String, String> during = watermarks(school);
		neverBack(before, during);
		ConnectorHealth.State now = health(school);
		if (pollFails(school, kind)) {
			assertThat(now.failuresInARow()).isEqualTo(was.failuresInARow() + 1);
			assertThat(now.lastError()).startsWith(school.id() + ":");
			assertThat(now.breaker()).isEqualTo("CLOSED");
			assertThat(during).isEqualTo(before);
		}
		else {
			assertThat(now.failuresInARow()).isZero();
			assertThat(now.lastSuccessAt()).isNotNull();
		}
		if (kind == FaultKind.RATE_LIMIT) {
			// Retry-After is what the retries waited, every time.
			assertThat(this.waits.asked).isNotEmpty().allMatch((d) -> d.equals(Duration.ofSeconds(7)));
		}
		if (kind == FaultKind.UNKNOWN_CODE) {
			assertThat(now.lastReport().rejected()).isPositive();
			storeMatchesMis(school);
			// The school fixes the register.
			for (RegisterMark bad : mis.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE))) {
				mis.amend(bad.pupilId(), bad.date(), bad.session(), "B", null, "fixed");
			}
		}
		if (deleted != null) {
			String pupil = school.pupilId().apply(deleted.id());
			if (!school.system().equals("wonde")) {
				// Wonde reads its deletions on every poll; the others see the pupil go
				// when they read the roll.
				poll(school, "HOURLY");
			}
			assertThat(leftOn(school, pupil)).as("pupil %s left", pupil).isNotNull();
			// The nightly reconciliation keeps a pupil's marks when they leave.
			poll(school, "NIGHTLY");
			storeMatchesMis(school);
			assertThat(marksOf(school, pupil)).isEqualTo(deletedMarks).isPositive();
			mock().clock().set(mock().clock().instant().plus(Duration.ofMinutes(31)), 0);
		}
		mock().clearFaults();
		poll(school, mode(kind));
		poll(school, "REGISTER");
		ConnectorHealth.State after = health(school);
		assertThat(after.failuresInARow()).isZero();
		assertThat(after.breaker()).isEqualTo("CLOSED");
		neverBack(during, watermarks(school));
		storeMatchesMis(school);
		assertThat(stored(school)).containsEntry(
				key(school.pupilId().apply(changed.pupilId()), changed.date(), changed.session().name()), "M");
		if (deleted != null) {
			if (!school.system().equals("wonde")) {
				// Wonde says the pupil was restored; the others show the pupil again.
				poll(school, "HOURLY");
			}
			assertThat(leftOn(school, school.pupilId().apply(deleted.id()))).isNull();
		}
		if (school.system().equals("arbor")) {
			assertThat(Long.parseLong(watermarks(school).get("attendance-records"))).isEqualTo(mis.revision());
		}
	}

	private long marksOf(School school, String pupil) {
		return stored(school).keySet().stream().filter((k) -> k.startsWith(pupil + "|")).count();
	}

	private LocalDate leftOn(School school, String pupil) {
		return this.jdbc.queryForObject("select left_on from pupil where school_id = :school and pupil_id = :pupil",
				Map.of("school", school.id(), "pupil", pupil), LocalDate.class);
	}

	@Test
	void aBrokenMisOpensTheBreakerWhichHoldsPollsBackThenClosesOnRecovery() throws Exception {
		School school = SCHOOLS.get(0);
		mock().switchOn(FaultSwitch.of(school.system(), school.id(), FaultKind.SERVER_ERROR));
		// Polls fail until the breaker has seen enough of them and opens.
		for (int i = 0; i < 5 && !"OPEN".equals(health(school).breaker()); i++) {
			poll(school, "REGISTER");
		}
		assertThat(health(school).breaker()).isEqualTo("OPEN");
		assertThat(health(school).failuresInARow()).isPositive();
		assertThat(health(school).heldBack()).isZero();
		int failures = health(school).failuresInARow();
		mock().server().resetRequests();
		poll(school, "REGISTER");
		// Held back: the MIS was not asked, and it is not counted as the MIS failing.
		assertThat(mock().server().getAllServeEvents()).isEmpty();
		assertThat(health(school).heldBack()).isEqualTo(1);
		assertThat(health(school).failuresInARow()).isEqualTo(failures);
		mock().clearFaults();
		RegisterMark changed = change(school);
		// The breaker stays open five seconds here (five minutes by default).
		Thread.sleep(5100);
		poll(school, "REGISTER");
		assertThat(health(school).breaker()).isEqualTo("CLOSED");
		assertThat(health(school).heldBack()).isZero();
		assertThat(health(school).failuresInARow()).isZero();
		storeMatchesMis(school);
		assertThat(stored(school)).containsEntry(
				key(school.pupilId().apply(changed.pupilId()), changed.date(), changed.session().name()), "M");
	}

	@Test
	void aClassChartsSessionThatGoesStaleMidSyncIsRenewedOnceAndEverythingLands() {
		School school = SCHOOLS.stream().filter((s) -> s.system().equals("classcharts")).findFirst().orElseThrow();
		RegisterMark changed = change(school);
		mock().server().resetRequests();
		// After the tenth request of the poll the session's three minutes are up (the
		// listener stays with the server but acts on that one request only).
		int[] requests = { 0 };
		mock().server().addMockServiceRequestListener((request, response) -> {
			if (request.getUrl().startsWith("/classcharts/" + school.id()) && ++requests[0] == 10) {
				mock().clock().set(mock().clock().instant().plus(Duration.ofMinutes(4)), 0);
			}
		});
		poll(school, "REGISTER");
		assertThat(health(school).failuresInARow()).isZero();
		assertThat(mock().server()
			.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/classcharts/" + school.id() + "/login"))))
			.hasSize(2);
		storeMatchesMis(school);
		assertThat(stored(school)).containsEntry(
				key(school.pupilId().apply(changed.pupilId()), changed.date(), changed.session().name()), "M");
	}

	@Test
	void twoNodesCreatingTheFirstWatermarkOfAFeedBothGoOn() throws Exception {
		CountDownLatch firstHasIt = new CountDownLatch(1);
		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			Future<String> first = nodes.submit(() -> this.transactions.execute((status) -> {
				this.watermarks.lock("race", "feed");
				firstHasIt.countDown();
				try {
					// The second node finds no row either and waits on this one's insert.
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return this.watermarks.advance("race", "feed", "5");
			}));
			assertThat(firstHasIt.await(10, TimeUnit.SECONDS)).isTrue();
			Future<String> second = nodes
				.submit(() -> this.transactions.execute((status) -> this.watermarks.advance("race", "feed", "7")));
			assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("5");
			assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("7");
			assertThat(this.watermarks.get("race", "feed")).contains("7");
		}
		finally {
			nodes.shutdownNow();
		}
	}

	@Test
	void aPupilDeletedInWondeLeavesTheRollOnTheNextRegisterPollAndComesBackWhenRestored() {
		School school = SCHOOLS.stream().filter((s) -> s.system().equals("wonde")).findFirst().orElseThrow();
		SchoolState mis = mock().school(school.id());
		MockPupil pupil = mis.pupils().get(3);
		String id = school.pupilId().apply(pupil.id());
		long marks = stored(school).keySet().stream().filter((k) -> k.startsWith(id + "|")).count();
		mis.deleteAndRestore(pupil.id(), Duration.ofMinutes(20));
		poll(school, "REGISTER");
		LocalDate today = mock().clock().londonNow().toLocalDate();
		assertThat(leftOn(school, id)).isEqualTo(today);
		// History kept: the pupil's row and every mark.
		assertThat(stored(school).keySet().stream().filter((k) -> k.startsWith(id + "|")).count()).isEqualTo(marks)
			.isPositive();
		mock().clock().set(mock().clock().instant().plus(Duration.ofMinutes(21)), 0);
		poll(school, "HOURLY");
		assertThat(leftOn(school, id)).isNull();
		storeMatchesMis(school);
	}

}
