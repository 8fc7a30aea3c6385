package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.cpoms.CpomsMock;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.notify.NotifyConfig;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.web.security.TestUsers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The health of the SMS gateway, CPOMS and the MIS write-back, and their latency, as the
 * IT technician reads them from {@code /actuator/health} and {@code /actuator/metrics}
 * after real dispatches (the dispatch route, the official Notify client, the CPOMS and
 * MIS clients) against the mocks with their faults switched on: UNKNOWN before any call,
 * UP once one worked, DOWN after three failures in a row, UP again when the gateway comes
 * back.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.sms.timeout=3s", "attendance-bridge.mis.response-timeout-millis=1500",
		"attendance-bridge.dispatch.node=test-node", "NOTIFY_TEMPLATE_ID=0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f",
		"CPOMS_ALERT_USER_IDS=7", "CPOMS_TIMEOUT_SECONDS=2", "spring.main.banner-mode=off" })
@AutoConfigureMockMvc
@Import(MockSchoolClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayHealthTests {

	static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	static final String PASSWORD = TestUsers.PASSWORD;

	static final NotifyMock NOTIFY = new NotifyMock(
			NotifyConfig.of(MockCredentials.NOTIFY_SERVICE_ID, MockCredentials.NOTIFY_SECRET_KEY),
			java.time.Clock::systemUTC);

	static final CpomsMock CPOMS = new CpomsMock(MockCredentials.CPOMS_TOKEN, java.time.Clock::systemUTC);

	static final MockMis MOCK = MockSchoolClock
		.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).with(NOTIFY).with(CPOMS));

	private static final AtomicInteger KEYS = new AtomicInteger();

	@Autowired
	MockMvc mvc;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	ObjectMapper json;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		PollIntegrationTests.mockProperties(registry, MOCK);
		registry.add("NOTIFY_BASE_URL", () -> MOCK.baseUrl() + "/notify");
		registry.add("NOTIFY_ALLOW_PRIVATE_NETWORK", () -> "true");
		registry.add("CPOMS_ALLOW_PRIVATE_NETWORK", () -> "true");
		registry.add("NOTIFY_API_KEY", () -> "attendance_bridge_test-" + MockCredentials.NOTIFY_SERVICE_ID + "-"
				+ MockCredentials.NOTIFY_SECRET_KEY);
		registry.add("CPOMS_BASE_URL", () -> MOCK.baseUrl() + "/cpoms");
		registry.add("CPOMS_API_TOKEN", () -> MockCredentials.CPOMS_TOKEN);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:gateway-health;MODE=PostgreSQL;"
				+ "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		TestUsers.add(registry, 0, "tech", "IT_TECHNICIAN", "all");
	}

	// --- helpers ---

	private JsonNode read(String path) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get(path).with(httpBasic("tech", PASSWORD)))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(path + ": " + response.getContentAsString()).isIn(200, 503);
		return this.json.readTree(response.getContentAsString());
	}

	private JsonNode channel(String id) throws Exception {
		return read("/actuator/health").path("components").path("channels").path("components").path(id);
	}

	/** How many calls the latency timer counted for a channel and outcome. */
	private long latencyCount(String channel, String outcome) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(get("/actuator/metrics/" + GatewayMonitor.LATENCY + "?tag=channel:" + channel + "&tag=outcome:"
					+ outcome)
				.with(httpBasic("tech", PASSWORD)))
			.andReturn()
			.getResponse();
		if (response.getStatus() == 404) {
			return 0;
		}
		JsonNode metric = this.json.readTree(response.getContentAsString());
		for (JsonNode measurement : metric.get("measurements")) {
			if (measurement.get("statistic").asText().equals("COUNT")) {
				return measurement.get("value").asLong();
			}
		}
		throw new AssertionError("no COUNT in " + metric);
	}

	private void poll(String school) {
		this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", "HOURLY"));
	}

	/** Dispatch runs until nothing is due now. */
	private void dispatchUntilQuiet() {
		for (int run = 0; run < 10; run++) {
			DispatchReport report = this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
			if (!report.isBusy()) {
				return;
			}
		}
	}

	private void dispatchOnce() {
		this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
	}

	private List<String> pupils(String sql) {
		return this.jdbc.queryForList(sql, Map.of(), String.class);
	}

	private void propose(String pupil, ActionKind kind, String recipient, String template) {
		String key = "gateway-health|" + KEYS.incrementAndGet();
		PlannedAction action = new PlannedAction(key, "st-johns", pupil, "test-policy", 1, "TEST", false, TODAY, kind,
				recipient, template, List.of(), TODAY, null, null, "a test of gateway health",
				new PlannedAction.PupilFigures(85.0, 130, 110, 10, 10, 48.75, "AC5"));
		assertThat(this.outbox.propose(List.of(action), "PENDING")).isEqualTo(1);
	}

	/** One text, one concern and one note for three pupils of St John's. */
	private void oneOfEach(int nth) {
		String texted = pupils("select distinct pupil_id from contact where school_id = 'st-johns' "
				+ "and parental_responsibility = true and may_sms = true and phone is not null order by pupil_id")
			.get(nth);
		String pupil = pupils(
				"select pupil_id from pupil where school_id = 'st-johns' and upn is not null " + "order by pupil_id")
			.get(nth);
		propose(texted, ActionKind.SMS, "parent", "truancy-text");
		propose(pupil, ActionKind.CPOMS_CONCERN, "dsl", "attendance-concern");
		propose(pupil, ActionKind.MIS_NOTE, "mis", "tracking-record");
	}

	/** The states of the actions this test proposed. */
	private List<String> testActionStates() {
		return this.jdbc.queryForList("select state from outbox where dedupe_key like 'gateway-health|%'", Map.of(),
				String.class);
	}

	// --- tests ---

	@Test
	@Order(1)
	void beforeAnyCallEveryChannelIsUnknown() throws Exception {
		for (String id : List.of("sms", "cpoms", "mis")) {
			JsonNode channel = channel(id);
			assertThat(channel.path("status").asText()).as(id).isEqualTo("UNKNOWN");
			assertThat(channel.path("details").path("calls").asLong()).as(id).isZero();
		}
		// The public health shows no channels, and the probes leave them out.
		MockHttpServletResponse anonymous = this.mvc.perform(get("/actuator/health")).andReturn().getResponse();
		assertThat(this.json.readTree(anonymous.getContentAsString()).has("components")).isFalse();
		assertThat(read("/actuator/health/readiness").has("components")).isFalse();
	}

	@Test
	@Order(2)
	void workingCallsMakeEachChannelUpAndAreTimed() throws Exception {
		poll("st-johns");
		dispatchUntilQuiet();
		oneOfEach(0);
		dispatchUntilQuiet();
		assertThat(testActionStates()).containsOnly("SENT");
		for (String id : List.of("sms", "cpoms", "mis")) {
			JsonNode channel = channel(id);
			assertThat(channel.path("status").asText()).as(id + ": " + channel).isEqualTo("UP");
			assertThat(latencyCount(id, "sent")).as(id).isPositive();
		}
		JsonNode mis = channel("mis").path("details").path("schools").path("st-johns");
		assertThat(mis.path("status").asText()).isEqualTo("UP");
		assertThat(mis.path("failuresInARow").asInt()).isZero();
		assertThat(mis.path("lastSuccessAt").asText()).isEqualTo(MOCK.clock().instant().toString());
	}

	@Test
	@Order(3)
	void threeFailuresInARowMakeAChannelDownAndComingBackMakesItUp() throws Exception {
		NOTIFY.fault(MockFault.serverError(500, false).times(3));
		CPOMS.fault(MockFault.serverError(503, false).times(3));
		MOCK.switchOn(
				FaultSwitch.of("arbor", "st-johns", FaultKind.SERVER_ERROR).withStatus(500).times(3).writesOnly(true));
		long sentBefore = latencyCount("sms", "sent");
		// Two rounds of one of each: two failures in a row are not yet DOWN.
		oneOfEach(1);
		dispatchOnce();
		for (String id : List.of("sms", "cpoms", "mis")) {
			assertThat(channel(id).path("status").asText()).as(id).isEqualTo("UP");
		}
		oneOfEach(2);
		dispatchOnce();
		assertThat(channel("sms").path("details").path("failuresInARow").asInt()).isEqualTo(2);
		oneOfEach(3);
		dispatchOnce();

		JsonNode health = read("/actuator/health");
		assertThat(health.path("status").asText()).isEqualTo("DOWN");
		JsonNode sms = channel("sms");
		assertThat(sms.path("status").asText()).isEqualTo("DOWN");
		assertThat(sms.path("details").path("failuresInARow").asInt()).isEqualTo(3);
		assertThat(sms.path("details").path("lastError").asText()).startsWith("HTTP 500");
		JsonNode cpoms = channel("cpoms");
		assertThat(cpoms.path("status").asText()).isEqualTo("DOWN");
		assertThat(cpoms.path("details").path("lastError").asText()).contains("503");
		JsonNode mis = channel("mis");
		assertThat(mis.path("status").asText()).isEqualTo("DOWN");
		assertThat(mis.path("details").path("down")).extracting(JsonNode::asText).containsExactly("st-johns");
		assertThat(mis.path("details").path("schools").path("st-johns").path("failuresInARow").asInt()).isEqualTo(3);
		for (String id : List.of("sms", "cpoms", "mis")) {
			assertThat(latencyCount(id, "retryable")).as(id).isEqualTo(3);
		}
		assertThat(latencyCount("sms", "sent")).isEqualTo(sentBefore);

		// The faults are spent; past the backoff the retries go, and each channel is UP.
		MOCK.clock().set(MOCK.clock().instant().plus(Duration.ofHours(2)), 0);
		dispatchUntilQuiet();
		assertThat(testActionStates()).containsOnly("SENT");
		for (String id : List.of("sms", "cpoms", "mis")) {
			JsonNode channel = channel(id);
			assertThat(channel.path("status").asText()).as(id).isEqualTo("UP");
			assertThat(channel.path("details").path("failuresInARow").asInt()).as(id).isZero();
			assertThat(latencyCount(id, "sent")).as(id).isPositive();
		}
	}

	@Test
	@Order(4)
	void evaluationIsTimedPerSchool() throws Exception {
		JsonNode evaluation = read("/actuator/metrics/attendance_bridge.evaluation?tag=school:st-johns");
		assertThat(evaluation.get("baseUnit").asText()).isEqualTo("seconds");
		assertThat(evaluation.get("measurements").get(0).get("value").asLong()).isPositive();
		assertThat(read("/actuator/metrics/attendance_bridge.evaluation").get("availableTags").toString())
			.contains("st-johns");
	}

}
