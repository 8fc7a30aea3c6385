package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.sms.SmsBreaker;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.notify.NotifyConfig;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.mock.notify.SentText;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Session;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch end to end: the real dispatch route and dispatcher, the SMS channel through
 * the official Notify client against the mock's Notify-shaped gateway, on a real database
 * (H2 and PostgreSQL). The adapter's clock is the mock's school clock, standing still
 * until a test moves it (forward only: leases, backoff and quiet hours follow it). Pupils
 * and contacts come from polling the mock MIS; the test connector files
 * ({@code src/test/resources/dispatch/connectors}) make prevention a dry-run school,
 * toolkit an approval school and graduated a school whose SMS breaker trips at 5%.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.connectors-dir=src/test/resources/dispatch/connectors", "attendance-bridge.sms.timeout=3s",
		"attendance-bridge.dispatch.node=test-node", "attendance-bridge.dispatch.shutdown-grace=5s",
		"NOTIFY_TEMPLATE_ID=0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f", "spring.main.banner-mode=off" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DispatchIntegrationTests {

	static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	private static final AtomicInteger KEYS = new AtomicInteger();

	/** The mock MIS with the Notify-shaped gateway, which the test keeps a handle on. */
	static final class Gateway {

		final NotifyMock notify = new NotifyMock(
				NotifyConfig.of(MockCredentials.NOTIFY_SERVICE_ID, MockCredentials.NOTIFY_SECRET_KEY),
				java.time.Clock::systemUTC);

		final MockMis mock = MockSchoolClock
			.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).with(this.notify));

	}

	abstract Gateway gateway();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	OutboxOperator operator;

	@Autowired
	SmsBreaker breaker;

	@Autowired
	DispatchStore store;

	@Autowired
	List<Channel> channels;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	DispatchProperties settings;

	@Autowired
	GatewayMonitor gateways;

	@Autowired
	TextGate gate;

	static void gatewayProperties(DynamicPropertyRegistry registry, Gateway gateway) {
		registry.add("MOCK_MIS_URL", gateway.mock::baseUrl);
		registry.add("NOTIFY_BASE_URL", () -> gateway.mock.baseUrl() + "/notify");
		registry.add("NOTIFY_ALLOW_PRIVATE_NETWORK", () -> "true");
		registry.add("NOTIFY_API_KEY", () -> "attendance_bridge_test-" + MockCredentials.NOTIFY_SERVICE_ID + "-"
				+ MockCredentials.NOTIFY_SECRET_KEY);
		registry.add("ARBOR_ST_JOHNS_USERNAME", () -> MockCredentials.ARBOR_USER);
		registry.add("ARBOR_ST_JOHNS_PASSWORD", () -> MockCredentials.ARBOR_PASSWORD);
		registry.add("ARBOR_PREVENTION_USERNAME", () -> MockCredentials.ARBOR_USER);
		registry.add("ARBOR_PREVENTION_PASSWORD", () -> MockCredentials.ARBOR_PASSWORD);
		registry.add("WONDE_TOOLKIT_TOKEN", () -> MockCredentials.WONDE_TOKEN);
		registry.add("CLASSCHARTS_GRADUATED_USERNAME", () -> MockCredentials.CLASS_CHARTS_EMAIL);
		registry.add("CLASSCHARTS_GRADUATED_PASSWORD", () -> MockCredentials.CLASS_CHARTS_PASSWORD);
	}

	@BeforeAll
	static void clearLogs() {
		LOGS.list.clear();
	}

	/** After the context started: Spring Boot resets Logback as it starts. */
	@BeforeEach
	void captureLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(LOGS.getName()) == null) {
			LOGS.setName("dispatch-test-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
	}

	@AfterEach
	void openTheGate() {
		this.gate.reset();
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	// --- helpers ---

	private void poll(String school, String mode) {
		this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", mode));
	}

	private DispatchReport dispatch() {
		return this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
	}

	private MockClock clock() {
		return gateway().mock.clock();
	}

	private void at(LocalDate day, LocalTime time) {
		Instant to = MockClock.at(day, time);
		assertThat(to).isAfterOrEqualTo(clock().instant());
		clock().set(to, 0);
	}

	private void later(Duration duration) {
		clock().set(clock().instant().plus(duration), 0);
	}

	/** A pupil of the school with a contact who may be texted. */
	private String textablePupil(String school, int nth) {
		return this.jdbc
			.queryForList("select distinct pupil_id from contact where school_id = :school "
					+ "and parental_responsibility = true and may_sms = true and phone is not null order by pupil_id",
					Map.of("school", school), String.class)
			.get(nth);
	}

	private long propose(String school, String pupil, String rule, ActionKind kind, String template) {
		String key = "dispatch-test|" + KEYS.incrementAndGet();
		PlannedAction action = new PlannedAction(key, school, pupil, "test-policy", 1, rule, false, TODAY, kind,
				"parent", template, List.of(), TODAY, null, null, "a test of dispatch",
				new PlannedAction.PupilFigures(95.0, 100, 95, 3, 2, 16.25, null));
		assertThat(this.outbox.propose(List.of(action), "PENDING")).isEqualTo(1);
		return this.jdbc.queryForObject("select id from outbox where dedupe_key = :key", Map.of("key", key),
				Long.class);
	}

	private long text(String school, String pupil) {
		return propose(school, pupil, "FIRST_DAY", ActionKind.SMS, "truancy-text");
	}

	private String state(long id) {
		return this.jdbc.queryForObject("select state from outbox where id = :id", Map.of("id", id), String.class);
	}

	private String lastError(long id) {
		return this.jdbc.queryForObject("select last_error from outbox where id = :id", Map.of("id", id), String.class);
	}

	private List<String> states(long id) {
		return this.jdbc.queryForList("select state from action_log where outbox_id = :id order by id",
				Map.of("id", id), String.class);
	}

	private List<SentText> texts(long id) {
		String reference = OutboxAction.referenceOf(id);
		return gateway().notify.sentTexts().stream().filter((t) -> reference.equals(t.reference())).toList();
	}

	private String body(long id) {
		List<SentText> texts = texts(id);
		assertThat(texts).hasSize(1);
		return String.valueOf(texts.get(0).personalisation().get("body"));
	}

	private Channel sms() {
		return this.channels.stream().filter((c) -> c.kinds().contains("sms")).findFirst().orElseThrow();
	}

	private OutboxAction claimed(long id) {
		String payload = this.jdbc.queryForObject("select payload from outbox where id = :id", Map.of("id", id),
				String.class);
		return new OutboxAction(id, OutboxAction.referenceOf(id), OutboxStore.action(payload), 0);
	}

	/** Texts for as many st-johns pupils, in id order. */
	private List<Long> texts(int count) {
		List<Long> ids = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			ids.add(text("st-johns", textablePupil("st-johns", n)));
		}
		return ids;
	}

	/** The action is SENT, and the gateway has exactly one text for it. */
	private void sentOnce(long id) {
		assertThat(state(id)).as("the state of %d", id).isEqualTo("SENT");
		assertThat(texts(id)).as("texts for %d", id).hasSize(1);
	}

	private long inState(List<Long> ids, String state) {
		return ids.stream().filter((id) -> state(id).equals(state)).count();
	}

	/**
	 * Dispatches on another thread, each sender held at its first text (in flight);
	 * returns once two are.
	 */
	private CompletableFuture<DispatchReport> dispatchWithTwoSendersHeld() {
		this.gate.holdEachSender();
		CompletableFuture<DispatchReport> run = CompletableFuture.supplyAsync(this::dispatch);
		await("two senders at their first text").atMost(Duration.ofSeconds(60))
			.until(() -> this.gate.held().size() == 2);
		return run;
	}

	private Instant leaseUntil(long id) {
		OffsetDateTime until = this.jdbc.queryForObject("select lease_until from outbox where id = :id",
				Map.of("id", id), OffsetDateTime.class);
		return (until != null) ? until.toInstant() : null;
	}

	/** The permits the gateway's rate limit counts as used. */
	private int permitsKept() {
		return this.jdbc.queryForObject("select coalesce(sum(permits), 0) from gateway_grant", Map.of(), Integer.class);
	}

	// --- the tests, in the order a school day runs ---

	@Test
	@Order(1)
	void aFirstDayTextIsSentExactlyOnce() {
		poll("st-johns", "REGISTER");
		poll("prevention", "REGISTER");
		poll("toolkit", "REGISTER");
		poll("graduated", "REGISTER");
		at(TODAY, LocalTime.of(9, 20));
		poll("st-johns", "REGISTER");
		SchoolState school = gateway().mock.school("st-johns");
		RegisterMark present = school
			.marks((m) -> m.date().equals(TODAY) && m.session() == Session.AM && m.code().equals("/"))
			.get(0);
		school.amend(present.pupilId(), TODAY, Session.AM, "N", null, null);
		at(TODAY, LocalTime.of(9, 31));
		poll("st-johns", "REGISTER");
		List<Long> firstDay = this.jdbc.queryForList(
				"select id from outbox where school_id = 'st-johns' " + "and rule_id = 'FIRST_DAY' and kind = 'sms'",
				Map.of(), Long.class);
		assertThat(firstDay).isNotEmpty();
		dispatch();
		dispatch();
		long pupilsTexted = 0;
		for (long id : firstDay) {
			if (state(id).equals("FAILED")) {
				assertThat(lastError(id)).isEqualTo("no contact with parental responsibility who may receive texts");
				assertThat(texts(id)).isEmpty();
				continue;
			}
			assertThat(state(id)).isEqualTo("SENT");
			assertThat(texts(id)).hasSize(1);
			assertThat(states(id)).containsExactly("PENDING", "SENDING", "SENT");
			pupilsTexted++;
		}
		assertThat(pupilsTexted).isPositive();
		// Polled again, replayed, dispatched again: nothing more goes out.
		int sent = gateway().notify.sentTexts().size();
		poll("st-johns", "REGISTER");
		dispatch();
		assertThat(gateway().notify.sentTexts()).hasSize(sent);
	}

	@Test
	@Order(2)
	void theTextIsInTheFamilysLanguageToTheFirstContactWhoMayBeTexted() {
		String pupil = textablePupil("st-johns", 0);
		List<Map<String, Object>> contacts = this.jdbc.queryForList(
				"select contact_id, parental_responsibility, may_sms, phone from contact where school_id = 'st-johns' "
						+ "and pupil_id = :pupil order by priority, contact_id",
				Map.of("pupil", pupil));
		Map<String, Object> first = contacts.stream()
			.filter((c) -> Boolean.TRUE.equals(c.get("parental_responsibility"))
					&& Boolean.TRUE.equals(c.get("may_sms")) && c.get("phone") != null)
			.findFirst()
			.orElseThrow();
		this.jdbc.update("update contact set language = 'pl' where school_id = 'st-johns' and pupil_id = :pupil "
				+ "and contact_id = :contact", Map.of("pupil", pupil, "contact", first.get("contact_id")));
		long polish = text("st-johns", pupil);
		dispatch();
		assertThat(body(polish)).startsWith("St John's Academy: Państwa dziecka nie ma dziś w szkole")
			.contains("01632 960 101");
		assertThat(texts(polish).get(0).phoneNumber()).isEqualTo(first.get("phone"));
		// A language without a template text falls back to English.
		this.jdbc.update("update contact set language = 'so' where school_id = 'st-johns' and pupil_id = :pupil "
				+ "and contact_id = :contact", Map.of("pupil", pupil, "contact", first.get("contact_id")));
		long somali = propose("st-johns", pupil, "AC3", ActionKind.SMS, "letter-coming-text");
		dispatch();
		assertThat(body(somali)).startsWith("St John's Academy: an important letter about your child's attendance");
	}

	@Test
	@Order(3)
	void aRestartMidDispatchReconcilesInsteadOfResending() {
		// A node claimed two texts and died: one after its request left, one before.
		long left = text("st-johns", textablePupil("st-johns", 1));
		long stayed = text("st-johns", textablePupil("st-johns", 2));
		DispatchStore.Claim claim = this.store.claim(java.util.Set.of("sms"), java.util.Set.of(), 10, "dead-node",
				clock().instant().plus(Duration.ofMinutes(2)), (a) -> java.util.Optional.empty());
		assertThat(claim.rows()).extracting(OutboxAction::id).contains(left, stayed);
		assertThat(sms().deliver(claimed(left)).outcome()).isEqualTo(Delivery.Outcome.SENT);
		// While its lease runs, nobody touches the rows.
		dispatch();
		assertThat(state(left)).isEqualTo("SENDING");
		later(Duration.ofMinutes(3));
		dispatch();
		assertThat(state(left)).isEqualTo("SENT");
		assertThat(texts(left)).hasSize(1);
		assertThat(states(left)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "SENT");
		assertThat(state(stayed)).isEqualTo("SENT");
		assertThat(texts(stayed)).hasSize(1);
		assertThat(states(stayed)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "RETRYABLE", "SENDING", "SENT");
	}

	@Test
	@Order(4)
	void aServerErrorIsRetriedWithBackoffThenSent() {
		gateway().notify.fault(MockFault.serverError(500, false).times(1));
		long id = text("st-johns", textablePupil("st-johns", 3));
		dispatch();
		assertThat(state(id)).isEqualTo("RETRYABLE");
		assertThat(texts(id)).isEmpty();
		dispatch();
		assertThat(state(id)).isEqualTo("RETRYABLE");
		later(Duration.ofMinutes(1));
		dispatch();
		assertThat(state(id)).isEqualTo("SENT");
		assertThat(texts(id)).hasSize(1);
		// A 500 after the gateway kept the text: the retry finds it instead of resending.
		gateway().notify.fault(MockFault.serverError(502, true).times(1));
		long kept = text("st-johns", textablePupil("st-johns", 4));
		dispatch();
		assertThat(state(kept)).isEqualTo("RETRYABLE");
		later(Duration.ofMinutes(1));
		dispatch();
		assertThat(state(kept)).isEqualTo("SENT");
		assertThat(texts(kept)).hasSize(1);
	}

	@Test
	@Order(4)
	void aRetryWhoseLookUpFailsSendsNothingAndStaysInDoubtUntilLookedUp() {
		gateway().notify.fault(MockFault.serverError(500, false).times(1));
		long id = text("st-johns", textablePupil("st-johns", 9));
		dispatch();
		assertThat(state(id)).isEqualTo("RETRYABLE");
		// The retry's look-up of the first attempt meets a 500: nothing is sent.
		StubMapping lookUps = gateway().mock.server()
			.stubFor(WireMock.get(WireMock.urlPathEqualTo("/notify/v2/notifications"))
				.atPriority(1)
				.willReturn(WireMock.serverError()));
		try {
			later(Duration.ofMinutes(1));
			dispatch();
			assertThat(state(id)).isEqualTo("IN_DOUBT");
			assertThat(lastError(id)).startsWith("the gateway lookup of ab-" + id + " failed: HTTP 500")
				.endsWith("; nothing sent this time");
			assertThat(texts(id)).isEmpty();
		}
		finally {
			gateway().mock.server().removeStub(lookUps);
		}
		later(Duration.ofMinutes(1));
		dispatch();
		later(Duration.ofMinutes(1));
		dispatch();
		sentOnce(id);
	}

	@Test
	@Order(5)
	void aResetOrTimeoutAfterTheRequestLeftIsInDoubtThenReconciled() {
		gateway().notify.fault(MockFault.connectionReset(true).times(1));
		long reset = text("st-johns", textablePupil("st-johns", 5));
		dispatch();
		assertThat(state(reset)).isEqualTo("IN_DOUBT");
		later(Duration.ofMinutes(1));
		dispatch();
		assertThat(state(reset)).isEqualTo("SENT");
		assertThat(texts(reset)).hasSize(1);

		gateway().notify.fault(MockFault.connectionReset(false).times(1));
		long lost = text("st-johns", textablePupil("st-johns", 6));
		dispatch();
		assertThat(state(lost)).isEqualTo("IN_DOUBT");
		later(Duration.ofMinutes(1));
		dispatch();
		assertThat(state(lost)).isEqualTo("SENT");
		assertThat(texts(lost)).hasSize(1);
		assertThat(states(lost)).containsSubsequence("IN_DOUBT", "RETRYABLE", "SENDING", "SENT");

		gateway().notify.fault(MockFault.slow(Duration.ofSeconds(6)).times(1));
		long slow = text("st-johns", textablePupil("st-johns", 7));
		dispatch();
		assertThat(state(slow)).isEqualTo("IN_DOUBT");
		later(Duration.ofMinutes(1));
		dispatch();
		assertThat(state(slow)).isEqualTo("SENT");
		assertThat(texts(slow)).hasSize(1);
	}

	@Test
	@Order(5)
	void anAnswerTricklingInPastTheTimeoutIsCutOffThereAndReconciled() {
		// Every piece comes well within the read timeout; the whole takes longer than it.
		gateway().notify.fault(MockFault.trickle(Duration.ofSeconds(8)).times(1));
		long id = text("st-johns", textablePupil("st-johns", 17));
		dispatch();
		assertThat(state(id)).isEqualTo("IN_DOUBT");
		assertThat(lastError(id)).startsWith("no answer after the request left");
		later(Duration.ofMinutes(1));
		dispatch();
		sentOnce(id);
	}

	@Test
	@Order(5)
	void aFixedLengthAnswerTricklingInIsCutAtEachSendersOwnDeadline() throws Exception {
		// Two senders' first texts are answered with a declared length, a piece every two
		// seconds: each read returns well within the read timeout, the whole takes 40s.
		gateway().notify.fault(MockFault.trickleFixedLength(Duration.ofSeconds(40)).times(2));
		List<Long> ids = texts(10);
		CompletableFuture<DispatchReport> run = dispatchWithTwoSendersHeld();
		// Both trickles run at once: neither sender's cut waits for the other's.
		this.gate.held().forEach(this.gate::release);
		run.get(60, TimeUnit.SECONDS);
		List<Long> cut = ids.stream().filter((id) -> state(id).equals("IN_DOUBT")).toList();
		assertThat(cut).hasSize(2);
		cut.forEach((id) -> assertThat(lastError(id)).startsWith("no answer after the request left"));
		assertThat(inState(ids, "SENT")).isEqualTo(8);
		later(Duration.ofMinutes(1));
		dispatch();
		ids.stream().filter((id) -> !cut.contains(id)).forEach(this::sentOnce);
		for (long id : cut) {
			// Found by its reference, never sent again: SENT, or FAILED where the gateway
			// reports by then that the phone could not take it.
			assertThat(texts(id)).as("texts for %d", id).hasSize(1);
			assertThat(states(id)).startsWith("PENDING", "SENDING", "IN_DOUBT").hasSize(4);
			if (!state(id).equals("SENT")) {
				assertThat(state(id)).isEqualTo("FAILED");
				assertThat(lastError(id)).startsWith("the gateway reports ");
			}
		}
	}

	@Test
	@Order(6)
	void aRateLimitAnswerPausesTheGatewayForItsRetryAfter() {
		gateway().notify.fault(MockFault.rateLimited(120).times(1));
		long id = text("st-johns", textablePupil("st-johns", 8));
		dispatch();
		assertThat(state(id)).isEqualTo("RETRYABLE");
		later(Duration.ofSeconds(90));
		dispatch();
		assertThat(state(id)).isEqualTo("RETRYABLE");
		assertThat(texts(id)).isEmpty();
		later(Duration.ofSeconds(40));
		dispatch();
		assertThat(state(id)).isEqualTo("SENT");
	}

	@Test
	@Order(7)
	void theSharedRateLimitHoldsOverAnySixtySeconds() {
		// Ten seconds before a minute turns.
		Instant now = clock().instant();
		later(Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(110)));
		// Another instance took 2,998 permits just now.
		this.jdbc.update("insert into gateway_grant (gateway, granted_at, permits) values ('notify', :now, 2998)",
				Map.of("now", OffsetDateTime.ofInstant(clock().instant(), ZoneOffset.UTC)));
		List<Long> ids = new ArrayList<>();
		for (int n = 9; n < 13; n++) {
			ids.add(text("st-johns", textablePupil("st-johns", n)));
		}
		dispatch();
		assertThat(ids.stream().filter((id) -> state(id).equals("SENT"))).hasSize(2);
		assertThat(ids.stream().filter((id) -> state(id).equals("PENDING"))).hasSize(2);
		// The minute turning frees nothing: the gateway counts over any 60 seconds.
		later(Duration.ofSeconds(20));
		dispatch();
		assertThat(ids.stream().filter((id) -> state(id).equals("PENDING"))).hasSize(2);
		// A minute and the margin after the grants, their permits are free again.
		later(Duration.ofSeconds(45));
		dispatch();
		assertThat(ids).allSatisfy((id) -> assertThat(state(id)).isEqualTo("SENT"));
	}

	@Test
	@Order(8)
	void aDryRunSendsNothingAndLeavesTheActionProposed() {
		long id = text("prevention", textablePupil("prevention", 0));
		assertThat(state(id)).isEqualTo("PROPOSED");
		dispatch();
		assertThat(state(id)).isEqualTo("PROPOSED");
		assertThat(texts(id)).isEmpty();
		assertThatThrownBy(() -> this.operator.approve(id, "officer")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("PROPOSED (dry-run)");
		assertThat(states(id)).containsExactly("PROPOSED");
	}

	@Test
	@Order(9)
	void anApprovalSchoolsTextWaitsForTheOperator() {
		long approved = text("toolkit", textablePupil("toolkit", 0));
		long rejected = text("toolkit", textablePupil("toolkit", 1));
		dispatch();
		assertThat(state(approved)).isEqualTo("PROPOSED");
		assertThat(texts(approved)).isEmpty();
		this.operator.approve(approved, "officer");
		this.operator.reject(rejected, "officer", "already spoken to the family");
		assertThatThrownBy(() -> this.operator.approve(approved, "officer")).isInstanceOf(IllegalStateException.class);
		dispatch();
		assertThat(state(approved)).isEqualTo("SENT");
		assertThat(texts(approved)).hasSize(1);
		assertThat(state(rejected)).isEqualTo("FAILED");
		assertThat(texts(rejected)).isEmpty();
		assertThatThrownBy(() -> this.operator.replay(rejected, "officer")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("rejected");
		assertThat(states(approved)).containsExactly("PROPOSED", "PENDING", "SENDING", "SENT");
	}

	@Test
	@Order(10)
	void theBreakerHaltsAMassTextUntilTheOperatorReleasesIt() {
		// 3 texts for a roll of 40 is more than the school's 5%.
		List<Long> ids = List.of(text("graduated", textablePupil("graduated", 0)),
				text("graduated", textablePupil("graduated", 1)), text("graduated", textablePupil("graduated", 2)));
		dispatch();
		dispatch();
		assertThat(ids).allSatisfy((id) -> {
			assertThat(state(id)).isEqualTo("PENDING");
			assertThat(texts(id)).isEmpty();
		});
		assertThat(this.breaker.halted()).containsExactly("graduated");
		assertThat(LOGS.list).anySatisfy((e) -> assertThat(e.getFormattedMessage())
			.contains("SMS HALTED for school graduated: 3 texts due for a roll of 40"));
		// Other schools' texts still go.
		long other = text("st-johns", textablePupil("st-johns", 13));
		dispatch();
		assertThat(state(other)).isEqualTo("SENT");
		assertThat(this.breaker.release("graduated", "officer")).isTrue();
		dispatch();
		assertThat(ids).allSatisfy((id) -> assertThat(texts(id)).hasSize(1));
	}

	@Test
	@Order(11)
	void aFailedTextCanBeReplayedByTheOperator() {
		String pupil = textablePupil("st-johns", 14);
		Map<String, Object> contact = this.jdbc
			.queryForList(
					"select contact_id, phone from contact "
							+ "where school_id = 'st-johns' and pupil_id = :pupil and parental_responsibility = true "
							+ "and may_sms = true and phone is not null order by priority, contact_id",
					Map.of("pupil", pupil))
			.get(0);
		Map<String, Object> key = Map.of("pupil", pupil, "contact", contact.get("contact_id"), "phone",
				contact.get("phone"));
		String contactKey = "school_id = 'st-johns' and pupil_id = :pupil and contact_id = :contact";
		this.jdbc.update("update contact set phone = '01632 960 999' where " + contactKey, key);
		long id = text("st-johns", pupil);
		dispatch();
		assertThat(state(id)).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("select last_error from outbox where id = :id", Map.of("id", id),
				String.class))
			.contains("HTTP 400 ValidationError");
		this.jdbc.update("update contact set phone = :phone where " + contactKey, key);
		this.operator.replay(id, "officer");
		dispatch();
		assertThat(state(id)).isEqualTo("SENT");
		assertThat(texts(id)).hasSize(1);
		assertThat(states(id)).containsExactly("PENDING", "SENDING", "FAILED", "IN_DOUBT", "RETRYABLE", "SENDING",
				"SENT");
	}

	@Test
	@Order(11)
	void aReplayedTextThatHadArrivedIsNotSentAgain() {
		// The gateway took the text, but the node recorded a failure (a 5xx after the
		// send).
		long id = text("st-johns", textablePupil("st-johns", 18));
		DispatchStore.Claim claim = this.store.claim(java.util.Set.of("sms"), java.util.Set.of(), 10, "node-x",
				clock().instant().plus(Duration.ofMinutes(2)), (a) -> java.util.Optional.empty());
		assertThat(claim.rows()).extracting(OutboxAction::id).contains(id);
		assertThat(sms().deliver(claimed(id)).outcome()).isEqualTo(Delivery.Outcome.SENT);
		assertThat(this.store.finish(id, "SENDING", "node-x", "FAILED", null, "HTTP 500", null, "gave up")).isTrue();
		this.operator.replay(id, "officer");
		dispatch();
		assertThat(state(id)).isEqualTo("SENT");
		assertThat(texts(id)).hasSize(1);
		assertThat(states(id)).containsExactly("PENDING", "SENDING", "FAILED", "IN_DOUBT", "SENT");
	}

	@Test
	@Order(11)
	void aNodeWhoseLeaseRanOutMaySendNothingMore() {
		long id = text("st-johns", textablePupil("st-johns", 19));
		DispatchStore.Claim claim = this.store.claim(java.util.Set.of("sms"), java.util.Set.of(), 10, "slow-node",
				clock().instant().plus(Duration.ofMinutes(2)), (a) -> java.util.Optional.empty());
		assertThat(claim.rows()).extracting(OutboxAction::id).contains(id);
		// Still within its lease, the slow node may renew it; the others leave the row.
		assertThat(this.store.renew(id, "slow-node", clock().instant().plus(Duration.ofMinutes(2)))).isTrue();
		later(Duration.ofMinutes(3));
		// Another node finds the lease expired, looks the text up, finds nothing, sends
		// it.
		dispatch();
		assertThat(state(id)).isEqualTo("SENT");
		assertThat(texts(id)).hasSize(1);
		// The slow node reaches the row in its batch: the lease is gone, so it sends
		// nothing.
		assertThat(this.store.renew(id, "slow-node", clock().instant().plus(Duration.ofMinutes(2)))).isFalse();
	}

	@Test
	@Order(12)
	void quietHoursHoldEveryTextButTheFirstDayOne() {
		at(TODAY, LocalTime.of(21, 30));
		long firstDay = text("st-johns", textablePupil("st-johns", 15));
		long letterComing = propose("st-johns", textablePupil("st-johns", 16), "AC3", ActionKind.SMS,
				"letter-coming-text");
		dispatch();
		assertThat(state(firstDay)).isEqualTo("SENT");
		assertThat(state(letterComing)).isEqualTo("PENDING");
		assertThat(texts(letterComing)).isEmpty();
		OffsetDateTime next = this.jdbc.queryForObject("select next_attempt_at from outbox where id = :id",
				Map.of("id", letterComing), OffsetDateTime.class);
		assertThat(next.toInstant()).isEqualTo(MockClock.at(TODAY.plusDays(1), LocalTime.of(7, 0)));
		at(TODAY.plusDays(1), LocalTime.of(6, 59));
		dispatch();
		assertThat(state(letterComing)).isEqualTo("PENDING");
		at(TODAY.plusDays(1), LocalTime.of(7, 1));
		dispatch();
		assertThat(state(letterComing)).isEqualTo("SENT");
	}

	@Test
	@Order(13)
	void aRunEndsOnlyWhenEverySenderItStartedHasEndedAndReportsEveryFailure() throws Exception {
		List<Long> ids = texts(10);
		CompletableFuture<DispatchReport> run = dispatchWithTwoSendersHeld();
		List<Thread> senders = this.gate.held();
		Object paused = this.jdbc.queryForObject("select paused_until from gateway_rate where gateway = 'notify'",
				Map.of(), Object.class);
		Throwable failure;
		try {
			// From now on taking permits fails: each sender fails as it goes round for
			// more.
			this.jdbc.update("delete from gateway_grant where gateway = 'notify'", Map.of());
			this.jdbc.update("delete from gateway_rate where gateway = 'notify'", Map.of());
			this.gate.release(senders.get(0));
			await("the first sender's texts recorded").atMost(Duration.ofSeconds(60))
				.until(() -> inState(ids, "SENT") == 5);
			// It failed going round; the other one still sends, so the run goes on.
			await("the run waiting for its other sender").during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.until(() -> !run.isDone());
			this.gate.release(senders.get(1));
			failure = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
		}
		finally {
			this.jdbc.update("insert into gateway_rate (gateway, paused_until) values ('notify', :paused)",
					new MapSqlParameterSource("paused", paused));
		}
		assertThat(failure).rootCause()
			.hasMessage("dispatch: 2 sms senders failed")
			.satisfies((error) -> assertThat(error.getSuppressed()).hasSize(2)
				.allSatisfy((each) -> assertThat(each).hasMessageContaining("no gateway_rate row")));
		ids.forEach(this::sentOnce);
	}

	@Test
	@Order(13)
	void aTextWhoseLeaseWasLostIsNotSentAndItsPermitGoesBack() {
		assertThat(this.jdbc.queryForObject(
				"select count(*) from outbox where kind = 'sms' " + "and state in ('IN_DOUBT', 'RETRYABLE', 'SENDING')",
				Map.of(), Integer.class))
			.as("texts a run could look up or resend besides these")
			.isZero();
		this.jdbc.update("delete from gateway_grant", Map.of());
		long first = text("st-johns", textablePupil("st-johns", 0));
		long second = text("st-johns", textablePupil("st-johns", 1));
		// The node stalls as it sends the first text, past the lease its batch was
		// claimed
		// with.
		AtomicBoolean stalled = new AtomicBoolean();
		this.gate.beforeEachText((action) -> {
			if (stalled.compareAndSet(false, true)) {
				later(this.settings.lease().plusMinutes(1));
			}
		});
		dispatch();
		assertThat(state(first)).isEqualTo("SENT");
		assertThat(state(second)).isEqualTo("SENDING");
		assertThat(texts(second)).isEmpty();
		// One request went to the gateway, so one permit stays used.
		assertThat(permitsKept()).isEqualTo(1);
		// The next run finds the lease run out, looks the text up, finds nothing, sends
		// it.
		this.gate.reset();
		dispatch();
		sentOnce(second);
		assertThat(states(second)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "RETRYABLE", "SENDING", "SENT");
	}

	@Test
	@Order(13)
	void aTextStartsOnlyWhileItsLeaseOutlastsTheRequestTimeoutAndTheMargin() {
		long first = text("st-johns", textablePupil("st-johns", 2));
		long second = text("st-johns", textablePupil("st-johns", 3));
		Duration needed = sms().requestTimeout().plus(this.settings.leaseMargin());
		assertThat(needed).isPositive().isLessThan(this.settings.lease());
		Map<Long, Instant> clockAtSend = new ConcurrentHashMap<>();
		Map<Long, Instant> leaseAtSend = new ConcurrentHashMap<>();
		Map<Long, String> firstAtSend = new ConcurrentHashMap<>();
		// Sending the first text takes so long, on the school's clock, that the lease the
		// second was claimed with has a second less left than its request may need.
		this.gate.beforeEachText((action) -> {
			clockAtSend.put(action.id(), clock().instant());
			leaseAtSend.put(action.id(), leaseUntil(action.id()));
			firstAtSend.put(action.id(), state(first));
			if (action.id() == first) {
				later(this.settings.lease().minus(needed).plusSeconds(1));
			}
		});
		Instant claimed = clock().instant();
		dispatch();
		// The first went on the lease of its claim, which had room enough.
		assertThat(leaseAtSend.get(first)).isEqualTo(claimed.plus(this.settings.lease()));
		// The second's lease was renewed before its request started, once the first was
		// recorded.
		assertThat(leaseAtSend.get(second)).isEqualTo(clockAtSend.get(second).plus(this.settings.lease()));
		assertThat(firstAtSend.get(second)).isEqualTo("SENT");
		sentOnce(first);
		sentOnce(second);
	}

	@Test
	@Order(13)
	void aChannelWithoutARequestTimeoutRenewsEachRowsLeaseBeforeItsSend() {
		Channel notes = this.channels.stream().filter((c) -> c.kinds().contains("mis-note")).findFirst().orElseThrow();
		assertThat(notes.requestTimeout()).as("a MIS write declares no bound").isZero();
		long first = propose("st-johns", textablePupil("st-johns", 4), "TEST", ActionKind.MIS_NOTE, "tracking-record");
		long second = propose("st-johns", textablePupil("st-johns", 5), "TEST", ActionKind.MIS_NOTE, "tracking-record");
		Map<Long, Instant> clockAtSend = new ConcurrentHashMap<>();
		Map<Long, Instant> leaseAtSend = new ConcurrentHashMap<>();
		// Writing the first note takes so long, on the school's clock, that the lease
		// the second was claimed with has only a few seconds beyond the margin left: a
		// MIS write may well take longer.
		this.gate.beforeEachMisNote((action) -> {
			clockAtSend.put(action.id(), clock().instant());
			leaseAtSend.put(action.id(), leaseUntil(action.id()));
			if (action.id() == first) {
				later(this.settings.lease().minus(this.settings.leaseMargin()).minusSeconds(5));
			}
		});
		dispatch();
		assertThat(leaseAtSend).containsOnlyKeys(first, second);
		// Each row's lease was renewed in full just before its request started.
		assertThat(leaseAtSend.get(first)).isEqualTo(clockAtSend.get(first).plus(this.settings.lease()));
		assertThat(leaseAtSend.get(second)).isEqualTo(clockAtSend.get(second).plus(this.settings.lease()));
		for (long id : List.of(first, second)) {
			assertThat(state(id)).isEqualTo("SENT");
			String reference = "[" + OutboxAction.referenceOf(id) + "]";
			assertThat(gateway().mock.school("st-johns").notes(null))
				.filteredOn((note) -> note.content().contains(reference))
				.hasSize(1);
		}
	}

	@Test
	@Order(13)
	void aLeaseNoLongerThanATextsTimeoutAndTheMarginIsRefused() {
		Duration lease = sms().requestTimeout().plus(this.settings.leaseMargin());
		DispatchProperties tooShort = new DispatchProperties("test-node", 5, 1, Map.of(), lease, Duration.ofSeconds(30),
				Duration.ofHours(1), 5, Map.of(), this.settings.leaseMargin(), Duration.ofSeconds(20));
		assertThatThrownBy(() -> new Dispatcher(List.of(sms()), List.of(), this.store, tooShort, this.gateways))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("attendance-bridge.dispatch.lease (" + lease.toSeconds()
					+ "s) must be longer than a delivery of [sms] may take (" + sms().requestTimeout().toSeconds()
					+ "s")
			.hasMessageContaining(
					"attendance-bridge.dispatch.lease-margin (" + this.settings.leaseMargin().toSeconds() + "s)");
	}

	@Test
	@Order(14)
	void noPhoneNumberAppearsInAnyLogLine() {
		List<String> phones = new ArrayList<>(this.jdbc
			.queryForList("select distinct phone from contact where phone is not null", Map.of(), String.class));
		gateway().notify.sentTexts().forEach((t) -> phones.add(t.phoneNumber()));
		assertThat(phones).isNotEmpty();
		List<String> digits = phones.stream().map((p) -> p.replaceAll("[^0-9]", "")).distinct().toList();
		assertThat(LOGS.list).isNotEmpty();
		assertThat(LOGS.list).anySatisfy((e) -> assertThat(e.getFormattedMessage()).startsWith("Dispatched sms:"));
		for (ILoggingEvent event : LOGS.list) {
			String line = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
			String lineDigits = line.replaceAll("[^0-9]", "");
			for (String phone : phones) {
				assertThat(line).doesNotContain(phone);
			}
			for (String number : digits) {
				assertThat(lineDigits).as("a log line of %s", event.getLoggerName())
					.doesNotContain(number.substring(Math.max(0, number.length() - 10)));
			}
		}
	}

	@Test
	@Order(15)
	@DirtiesContext
	void stoppingLetsTheSendsInFlightFinishWithinTheGraceAndClaimsNothingMore() throws Exception {
		List<Long> ids = texts(10);
		CompletableFuture<DispatchReport> run = dispatchWithTwoSendersHeld();
		List<Thread> senders = this.gate.held();
		// Due now, but no sender went round for them yet.
		List<Long> later = List.of(text("st-johns", textablePupil("st-johns", 10)),
				text("st-johns", textablePupil("st-johns", 11)));
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.dispatcher::stop);
		await("the dispatcher stopping").atMost(Duration.ofSeconds(30)).until(this.dispatcher::stopping);
		// One sender's text in flight ends and is recorded; the rest of its batch goes
		// back unsent.
		this.gate.release(senders.get(0));
		await("the released sender's text recorded").atMost(Duration.ofSeconds(30))
			.until(() -> inState(ids, "SENT") == 1 && inState(ids, "PENDING") == 4);
		assertThat(stopped).as("stopped while a text is still in flight, within the grace").isNotDone();
		// The other outlasts the grace: its rows are left to their lease, and the log
		// says how many.
		stopped.get(60, TimeUnit.SECONDS);
		assertThat(inState(ids, "SENDING")).isEqualTo(5);
		assertThat(LOGS.list).anySatisfy((e) -> assertThat(e.getFormattedMessage())
			.startsWith("Dispatch node test-node stopped with 5 rows still SENDING after"));
		assertThat(later).allSatisfy((id) -> assertThat(states(id)).containsExactly("PENDING"));
		assertThat(ids.stream().filter((id) -> state(id).equals("PENDING")))
			.allSatisfy((id) -> assertThat(states(id)).containsExactly("PENDING", "SENDING", "PENDING"));
		this.gate.release(senders.get(1));
		catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
	}

	private static String throwableText(IThrowableProxy proxy) {
		StringBuilder text = new StringBuilder();
		for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
			text.append(' ').append(p.getMessage());
		}
		return text.toString();
	}

}
