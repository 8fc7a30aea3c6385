package org.attendancebridge.web;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.referral.ReferralChannel;
import org.attendancebridge.action.task.TaskChannel;
import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.cli.Cli;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Session;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.LevelRule;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.web.security.CrossSiteFormGuard;
import org.attendancebridge.web.security.TestUsers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The REST API, the dashboard and their security, through the whole servlet stack
 * (MockMvc: no port is bound), against a real database filled by polling the mock MIS
 * through the real routes. Users come from properties, as outside the demo: an officer
 * for every school, a head of year for one, an IT technician and a read-only user.
 */
// No dispatch: it would write notes and amendments back into the mock this test reads.
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"spring.main.banner-mode=off" })
@AutoConfigureMockMvc
abstract class ApiTests {

	static final String PASSWORD = TestUsers.PASSWORD;

	private static final Set<String> STATES = Set.of("PROPOSED", "PENDING", "SENDING", "SENT", "RETRYABLE", "IN_DOUBT",
			"FAILED");

	private static boolean polled;

	@Autowired
	MockMvc mvc;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	PolicyCatalog policies;

	@Autowired
	ObjectMapper json;

	abstract MockMis mock();

	static void properties(DynamicPropertyRegistry registry, MockMis mock) {
		PollIntegrationTests.mockProperties(registry, mock);
		TestUsers.add(registry, 0, "alice", "ATTENDANCE_OFFICER", "all");
		TestUsers.add(registry, 1, "bob", "HEAD_OF_YEAR", "toolkit");
		TestUsers.add(registry, 2, "tech", "IT_TECHNICIAN", "all");
		TestUsers.add(registry, 3, "reader", "READ_ONLY", "st-johns,prevention");
	}

	/**
	 * Once per database: St John's and the Wonde school are polled, and at 09:31 a pupil
	 * marked N this morning is due the first-day text.
	 */
	@BeforeEach
	void pollOnce() {
		synchronized (ApiTests.class) {
			if (polled && this.jdbc.queryForObject("select count(*) from school", Map.of(), Long.class) > 0) {
				return;
			}
			pollTheSchools(this.camel, mock());
			polled = true;
		}
	}

	/**
	 * St John's and the Wonde school are polled through the real routes, and at 09:31 a
	 * pupil marked N this morning is due the first-day text.
	 */
	static void pollTheSchools(ProducerTemplate camel, MockMis mock) {
		poll(camel, "st-johns");
		poll(camel, "toolkit");
		LocalDate today = LocalDate.of(2024, 11, 11);
		// The morning register is taken at 08:50.
		mock.clock().set(MockClock.at(today, LocalTime.of(9, 20)), 0);
		poll(camel, "st-johns");
		SchoolState school = mock.school("st-johns");
		RegisterMark present = school
			.marks((m) -> m.date().equals(today) && m.session() == Session.AM && m.code().equals("/"))
			.get(0);
		school.amend(present.pupilId(), today, Session.AM, "N", null, null);
		mock.clock().set(MockClock.at(today, LocalTime.of(9, 31)), 0);
		poll(camel, "st-johns");
	}

	private static void poll(ProducerTemplate camel, String school) {
		camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", "REGISTER"));
	}

	private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String user) throws Exception {
		if (user != null) {
			request.with(httpBasic(user, PASSWORD));
		}
		return this.mvc.perform(request).andReturn().getResponse();
	}

	/**
	 * A body-less POST as a script or a program sends it: with {@code X-Requested-With},
	 * which a form on another site cannot send (see {@code ApiTokenTests} for one
	 * without).
	 */
	private static MockHttpServletRequestBuilder scripted(String path) {
		return post(path).header(CrossSiteFormGuard.HEADER, "XMLHttpRequest");
	}

	private JsonNode ok(String path, String user) throws Exception {
		MockHttpServletResponse response = call(get(path), user);
		assertThat(response.getStatus()).as(path).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		return this.json.readTree(response.getContentAsString());
	}

	private static Set<String> fields(JsonNode node) {
		Set<String> names = new HashSet<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private long count(String sql, Map<String, ?> parameters) {
		return this.jdbc.queryForObject(sql, parameters, Long.class);
	}

	@Test
	void schoolsAreListedWithExactlyTheContractsFields() throws Exception {
		JsonNode schools = ok("/api/schools", "alice");
		assertThat(schools.isArray()).isTrue();
		List<String> ids = new ArrayList<>();
		for (JsonNode school : schools) {
			assertThat(fields(school)).containsExactlyInAnyOrder("id", "name", "mis", "policy", "pupils", "marks",
					"lastPollAt");
			ids.add(school.get("id").asText());
		}
		// Every configured school, polled or not.
		assertThat(ids).containsExactly("graduated", "prevention", "st-johns", "staged", "toolkit");
		JsonNode stJohns = schools.get(ids.indexOf("st-johns"));
		assertThat(stJohns.get("name").asText()).isEqualTo("St John's Academy");
		assertThat(stJohns.get("mis").asText()).isEqualTo("arbor");
		assertThat(stJohns.get("policy").asText()).isEqualTo("st-johns-way");
		assertThat(stJohns.get("pupils").asLong()).isEqualTo(40);
		assertThat(stJohns.get("marks").asLong())
			.isEqualTo(count("select count(*) from mark where school_id = 'st-johns'", Map.of()));
		assertThat(stJohns.get("lastPollAt").asText()).isEqualTo("2024-11-11T09:31:00Z");
		JsonNode staged = schools.get(ids.indexOf("staged"));
		assertThat(staged.get("lastPollAt").isNull()).isTrue();
		assertThat(staged.get("pupils").asLong()).isZero();
	}

	@Test
	void pupilsCarryTheirStageAndAttendanceAndFilterByYearGroupAndStage() throws Exception {
		JsonNode pupils = ok("/api/schools/st-johns/pupils", "alice");
		assertThat(pupils).hasSize(40);
		Set<String> levels = new HashSet<>();
		this.policies.find("st-johns-way").orElseThrow().levels().stream().map(LevelRule::id).forEach(levels::add);
		String someStage = null;
		for (JsonNode pupil : pupils) {
			assertThat(fields(pupil)).contains("pupilId", "stage", "attendancePct");
			assertThat(pupil.get("pupilId").asText()).startsWith("arbor-");
			assertThat(pupil.get("attendancePct").asDouble()).isBetween(0.0, 100.0);
			if (!pupil.get("stage").isNull()) {
				assertThat(levels).contains(pupil.get("stage").asText());
				someStage = pupil.get("stage").asText();
			}
		}
		assertThat(someStage).as("some pupil of 40 below 96%").isNotNull();
		String year = pupils.get(0).get("yearGroup").asText();
		JsonNode ofYear = ok("/api/schools/st-johns/pupils?yearGroup=" + year, "alice");
		long expected = 0;
		for (JsonNode pupil : pupils) {
			expected += pupil.get("yearGroup").asText().equals(year) ? 1 : 0;
		}
		assertThat(ofYear).hasSize((int) expected);
		ofYear.forEach((p) -> assertThat(p.get("yearGroup").asText()).isEqualTo(year));
		JsonNode atStage = ok("/api/schools/st-johns/pupils?stage=" + someStage, "alice");
		assertThat(atStage).isNotEmpty();
		for (JsonNode pupil : atStage) {
			assertThat(pupil.get("stage").asText()).isEqualTo(someStage);
		}
		JsonNode none = ok("/api/schools/st-johns/pupils?stage=none", "alice");
		none.forEach((p) -> assertThat(p.get("stage").isNull()).isTrue());
		assertThat(atStage.size() + none.size()).isLessThanOrEqualTo(40);
	}

	@Test
	void aPupilComesWithFiguresRegisterStageHistoryAndActions() throws Exception {
		String pupil = this.jdbc.queryForObject(
				"select pupil_id from outbox where school_id = 'st-johns' and rule_id = 'FIRST_DAY' limit 1", Map.of(),
				String.class);
		JsonNode detail = ok("/api/schools/st-johns/pupils/" + pupil, "alice");
		assertThat(detail.get("pupilId").asText()).isEqualTo(pupil);
		assertThat(fields(detail)).contains("stage", "attendancePct", "possibleSessions", "stageHistory", "marks",
				"actions", "hoursLost");
		assertThat(fields(detail)).doesNotContain("upn", "contacts");
		assertThat(detail.get("marks").size()).isEqualTo(
				count("select count(*) from mark where school_id = 'st-johns' and pupil_id = :p", Map.of("p", pupil)));
		JsonNode today = null;
		for (JsonNode mark : detail.get("marks")) {
			if (mark.get("date").asText().equals("2024-11-11") && mark.get("session").asText().equals("AM")) {
				today = mark;
			}
		}
		assertThat(today).isNotNull();
		assertThat(today.get("code").asText()).isIn("N", "O");
		assertThat(detail.get("actions").size()).isEqualTo(count(
				"select count(*) from outbox where school_id = 'st-johns' and pupil_id = :p", Map.of("p", pupil)));
		List<String> rules = new ArrayList<>();
		detail.get("actions").forEach((a) -> rules.add(a.get("rule").asText()));
		assertThat(rules).contains("FIRST_DAY");
		// A pupil at a level entered it on a day of this year.
		JsonNode pupils = ok("/api/schools/st-johns/pupils", "alice");
		for (JsonNode p : pupils) {
			if (!p.get("stage").isNull()) {
				JsonNode staged = ok("/api/schools/st-johns/pupils/" + p.get("pupilId").asText(), "alice");
				assertThat(staged.get("stage")).isEqualTo(p.get("stage"));
				assertThat(staged.get("stageSince").isNull()).isFalse();
				assertThat(staged.get("stageHistory")).isNotEmpty();
				JsonNode last = staged.get("stageHistory").get(staged.get("stageHistory").size() - 1);
				assertThat(last.get("date").asText()).isLessThanOrEqualTo("2024-11-11");
				assertThat(last.get("explanation").asText()).isNotBlank();
				break;
			}
		}
	}

	@Test
	void aPupilsEvidencePackHoldsTheRegisterTheActionsTheirLogAndTheChainsCheck() throws Exception {
		String pupil = this.jdbc.queryForObject(
				"select pupil_id from outbox where school_id = 'st-johns' and rule_id = 'FIRST_DAY' limit 1", Map.of(),
				String.class);
		String path = "/api/schools/st-johns/pupils/" + pupil + "/evidence";
		MockHttpServletResponse csv = call(get(path + ".csv"), "alice");
		assertThat(csv.getStatus()).isEqualTo(200);
		assertThat(csv.getContentType()).startsWith("text/csv");
		assertThat(csv.getHeader("Content-Disposition")).contains("attachment", "evidence-st-johns-" + pupil + ".csv");
		List<String> rows = csv.getContentAsString().lines().toList();
		assertThat(rows.get(0)).startsWith("record,date,at,session,code,category,rule,kind,state,actor,action_id");
		Map<String, Long> byRecord = new TreeMap<>();
		rows.stream().skip(1).forEach((row) -> byRecord.merge(row.substring(0, row.indexOf(',')), 1L, Long::sum));
		Map<String, String> p = Map.of("p", pupil);
		assertThat(byRecord.get("mark"))
			.isEqualTo(count("select count(*) from mark where school_id = 'st-johns' and pupil_id = :p", p));
		assertThat(byRecord.get("action"))
			.isEqualTo(count("select count(*) from outbox where school_id = 'st-johns' and pupil_id = :p", p));
		assertThat(byRecord.get("log"))
			.isEqualTo(count("select count(*) from action_log l join outbox o on "
					+ "o.id = l.outbox_id where o.school_id = 'st-johns' and o.pupil_id = :p", p))
			.isPositive();
		assertThat(rows).anyMatch((row) -> row.startsWith("log,") && row.contains(",FIRST_DAY,sms,"));
		assertThat(rows.get(rows.size() - 1)).startsWith("chain,").contains(",INTACT,");
		String upn = this.jdbc.queryForObject("select upn from pupil where school_id = 'st-johns' and pupil_id = :p", p,
				String.class);
		assertThat(csv.getContentAsString()).doesNotContain(upn);

		MockHttpServletResponse pdf = call(get(path + ".pdf"), "alice");
		assertThat(pdf.getStatus()).isEqualTo(200);
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		try (PDDocument document = Loader.loadPDF(pdf.getContentAsByteArray())) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Attendance evidence: pupil " + pupil, "is intact", "FIRST_DAY", "Register")
				.doesNotContain(upn);
		}

		// A changed log entry is reported by the next pack, where it happened.
		long seq = this.jdbc.queryForObject("select min(l.seq) from action_log l join outbox o on o.id = l.outbox_id "
				+ "where o.school_id = 'st-johns' and o.pupil_id = :p", p, Long.class);
		Map<String, Object> at = Map.of("seq", seq);
		String detail = this.jdbc
			.queryForObject("select detail from action_log where chain = 'st-johns' and seq = :seq", at, String.class);
		this.jdbc.update("update action_log set detail = 'nothing happened' where chain = 'st-johns' and seq = :seq",
				at);
		try {
			List<String> tampered = call(get(path + ".csv"), "alice").getContentAsString().lines().toList();
			assertThat(tampered.get(tampered.size() - 1)).startsWith("chain,")
				.contains(",BROKEN,")
				.contains("BROKEN at seq " + seq);
		}
		finally {
			this.jdbc.update("update action_log set detail = :detail where chain = 'st-johns' and seq = :seq",
					Map.of("detail", detail, "seq", seq));
		}

		assertThat(call(get(path + ".pdf"), "bob").getStatus()).isEqualTo(404);
		assertThat(call(get(path + ".csv"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get(path + ".csv"), null).getStatus()).isEqualTo(401);
		assertThat(call(get("/api/schools/st-johns/pupils/arbor-nobody/evidence.csv"), "alice").getStatus())
			.isEqualTo(404);
	}

	@Test
	void anUnknownSchoolOrPupilIsA404NamingIt() throws Exception {
		MockHttpServletResponse school = call(get("/api/schools/nowhere/pupils"), "alice");
		assertThat(school.getStatus()).isEqualTo(404);
		assertThat(this.json.readTree(school.getContentAsString()).get("message").asText())
			.isEqualTo("no school 'nowhere'");
		MockHttpServletResponse pupil = call(get("/api/schools/st-johns/pupils/arbor-nobody"), "alice");
		assertThat(pupil.getStatus()).isEqualTo(404);
		assertThat(pupil.getContentAsString()).contains("arbor-nobody").contains("st-johns");
		assertThat(call(get("/api/actions?school=nowhere"), "alice").getStatus()).isEqualTo(404);
	}

	@Test
	void actionsArePagedNewestFirstAndFilteredBySchoolAndState() throws Exception {
		MockHttpServletResponse response = call(get("/api/actions?school=st-johns&size=500"), "alice");
		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode actions = this.json.readTree(response.getContentAsString());
		long stored = count("select count(*) from outbox where school_id = 'st-johns'", Map.of());
		assertThat(stored).isGreaterThanOrEqualTo(2);
		assertThat(actions).hasSize((int) stored);
		assertThat(response.getHeader("X-Total-Count")).isEqualTo(String.valueOf(stored));
		for (JsonNode action : actions) {
			assertThat(fields(action)).contains("id", "pupilId", "rule", "kind", "state", "createdAt");
			assertThat(STATES).contains(action.get("state").asText());
			assertThat(action.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		}
		JsonNode first = ok("/api/actions?school=st-johns&page=0&size=1", "alice");
		JsonNode second = ok("/api/actions?school=st-johns&page=1&size=1", "alice");
		assertThat(first.get(0).get("id").asLong()).isEqualTo(actions.get(0).get("id").asLong())
			.isGreaterThan(second.get(0).get("id").asLong());
		assertThat(second.get(0).get("id").asLong()).isEqualTo(actions.get(1).get("id").asLong());
		JsonNode pending = ok("/api/actions?school=st-johns&state=PENDING&size=500", "alice");
		assertThat(pending)
			.hasSize((int) count("select count(*) from outbox where school_id = 'st-johns' and state = 'PENDING'",
					Map.of()));
		assertThat(ok("/api/actions?school=st-johns&state=SENT", "alice")).isEmpty();
		MockHttpServletResponse bad = call(get("/api/actions?state=DONE"), "alice");
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getContentAsString()).contains("DONE");
		assertThat(ok("/api/actions?size=500", "alice"))
			.hasSize((int) Math.min(500, count("select count(*) from outbox", Map.of())));
	}

	@Test
	void connectorsShowTheLastPollTheErrorsAndTheBreaker() throws Exception {
		JsonNode connectors = ok("/api/connectors", "tech");
		assertThat(connectors).hasSize(5);
		for (JsonNode connector : connectors) {
			if (connector.get("school").asText().equals("st-johns")) {
				assertThat(connector.get("lastSuccessAt").asText()).isEqualTo("2024-11-11T09:31:00Z");
				assertThat(connector.get("failuresInARow").asInt()).isZero();
				assertThat(connector.get("breaker").asText()).isEqualTo("CLOSED");
				assertThat(connector.get("lastReport").get("pupilsEvaluated").asInt()).isEqualTo(40);
			}
			if (connector.get("school").asText().equals("graduated")) {
				assertThat(connector.get("lastSuccessAt").isNull()).isTrue();
			}
		}
	}

	@Test
	void withoutCredentialsTheApiAnswers401() throws Exception {
		for (String path : List.of("/api/schools", "/api/schools/st-johns/pupils", "/api/actions", "/api/connectors",
				"/api/schools/st-johns/pupils/arbor-1")) {
			MockHttpServletResponse response = call(get(path), null);
			assertThat(response.getStatus()).as(path).isEqualTo(401);
			assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic");
			assertThat(response.getContentAsString()).doesNotContain("arbor-");
		}
		MockHttpServletResponse wrong = this.mvc.perform(get("/api/schools").with(httpBasic("alice", "guess")))
			.andReturn()
			.getResponse();
		assertThat(wrong.getStatus()).isEqualTo(401);
	}

	@Test
	void theDemoLoginDoesNotExistOutsideTheDemoProfile() throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get("/api/schools").with(httpBasic("officer", "demo")))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(401);
	}

	@Test
	void aUserScopedToOneSchoolSeesNothingOfAnother() throws Exception {
		JsonNode schools = ok("/api/schools", "bob");
		assertThat(schools).hasSize(1);
		assertThat(schools.get(0).get("id").asText()).isEqualTo("toolkit");
		assertThat(ok("/api/schools/toolkit/pupils", "bob")).hasSize(40);
		String pupil = this.jdbc.queryForObject("select pupil_id from pupil where school_id = 'st-johns' limit 1",
				Map.of(), String.class);
		for (String path : List.of("/api/schools/st-johns/pupils", "/api/schools/st-johns/pupils/" + pupil,
				"/api/actions?school=st-johns")) {
			MockHttpServletResponse response = call(get(path), "bob");
			assertThat(response.getStatus()).as(path).isEqualTo(404);
			// Read exactly as a school that does not exist.
			assertThat(response.getContentAsString()).contains("no school 'st-johns'").doesNotContain(pupil);
		}
		for (JsonNode action : ok("/api/actions?size=500", "bob")) {
			assertThat(action.get("school").asText()).isEqualTo("toolkit");
		}
		JsonNode connectors = ok("/api/connectors", "bob");
		assertThat(connectors).hasSize(1);
		assertThat(connectors.get(0).get("school").asText()).isEqualTo("toolkit");

		// A read-only user of two schools.
		assertThat(ok("/api/schools", "reader")).hasSize(2);
		assertThat(call(get("/api/schools/toolkit/pupils"), "reader").getStatus()).isEqualTo(404);
	}

	@Test
	void theItTechnicianSeesConnectorsAndTheActuatorButNoPupils() throws Exception {
		assertThat(ok("/api/schools", "tech")).hasSize(5);
		assertThat(call(get("/api/schools/st-johns/pupils"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/actions"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/actuator/env"), "tech").getStatus()).isEqualTo(200);
		assertThat(call(get("/actuator/env"), "alice").getStatus()).isEqualTo(403);
		assertThat(call(get("/actuator/env"), "bob").getStatus()).isEqualTo(403);
		assertThat(call(get("/actuator/env"), null).getStatus()).isEqualTo(401);
		assertThat(call(get("/actuator/metrics"), "reader").getStatus()).isEqualTo(403);
	}

	@Test
	void healthIsPublicAndItsDetailsAreForIt() throws Exception {
		MockHttpServletResponse anonymous = call(get("/actuator/health"), null);
		JsonNode health = this.json.readTree(anonymous.getContentAsString());
		assertThat(health.get("status").asText()).isIn("UP", "DOWN");
		assertThat(health.has("components")).isFalse();
		JsonNode detailed = this.json.readTree(call(get("/actuator/health"), "tech").getContentAsString());
		assertThat(detailed.get("components").has("db")).isTrue();
		// Each school's connection, polled or not.
		JsonNode connectors = detailed.get("components").get("connectors").get("components");
		assertThat(fields(connectors)).contains("st-johns", "toolkit", "graduated", "staged", "prevention");
		assertThat(connectors.get("st-johns").get("status").asText()).isEqualTo("UP");
		assertThat(connectors.get("st-johns").get("details").get("failuresInARow").asInt()).isZero();
		assertThat(connectors.get("st-johns").get("details").has("lastSuccessAt")).isTrue();
		assertThat(connectors.get("graduated").get("status").asText()).isEqualTo("UNKNOWN");
		// The probes leave the connections out.
		MockHttpServletResponse liveness = call(get("/actuator/health/liveness"), "tech");
		assertThat(liveness.getStatus()).isEqualTo(200);
		assertThat(liveness.getContentAsString()).contains("\"UP\"").doesNotContain("connectors");
		assertThat(call(get("/actuator/health/readiness"), null).getStatus()).isEqualTo(200);
	}

	private JsonNode actuator(String path, String user) throws Exception {
		MockHttpServletResponse response = call(get(path), user);
		assertThat(response.getStatus()).as(path).isEqualTo(200);
		return this.json.readTree(response.getContentAsString());
	}

	@Test
	void metricsCountWhatPollsStoredAndTheOutboxByState() throws Exception {
		JsonNode changed = actuator("/actuator/metrics/attendance_bridge.marks.changed?tag=school:st-johns", "tech");
		assertThat(changed.get("measurements").get(0).get("value").asDouble())
			.isEqualTo((double) count("select count(*) from mark where school_id = 'st-johns'", Map.of())
					+ count("select count(*) from mark_history where school_id = 'st-johns'", Map.of()));
		JsonNode polls = actuator("/actuator/metrics/attendance_bridge.poll?tag=school:st-johns&tag=outcome:succeeded",
				"tech");
		assertThat(polls.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(3);
		JsonNode pending = actuator("/actuator/metrics/attendance_bridge.outbox.actions?tag=state:PENDING", "tech");
		assertThat(pending.get("measurements").get(0).get("value").asLong())
			.isEqualTo(count("select count(*) from outbox where state = 'PENDING'", Map.of()));
		assertThat(call(get("/actuator/metrics/attendance_bridge.poll"), "alice").getStatus()).isEqualTo(403);
	}

	@Test
	void theOpenApiDocumentIsServedToAnyone() throws Exception {
		MockHttpServletResponse response = call(get("/v3/api-docs"), null);
		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode paths = this.json.readTree(response.getContentAsString()).get("paths");
		assertThat(fields(paths)).contains("/api/schools", "/api/schools/{id}/pupils",
				"/api/schools/{id}/pupils/{pupilId}", "/api/actions", "/api/connectors", "/api/tasks",
				"/api/tasks/{id}/complete", "/api/referrals", "/api/referrals/{id}.pdf", "/api/in-doubt",
				"/api/actions/{id}/resolve", "/api/referrals/{id}/sent");
		// A body-less POST documents the header a login needs; one with a JSON body does
		// not.
		assertThat(paths.get("/api/actions/{id}/approve").get("post").get("parameters")).anySatisfy((parameter) -> {
			assertThat(parameter.get("name").asText()).isEqualTo("X-Requested-With");
			assertThat(parameter.get("in").asText()).isEqualTo("header");
			assertThat(parameter.get("schema").get("default").asText()).isEqualTo("XMLHttpRequest");
		});
		assertThat(paths.get("/api/actions/{id}/resolve").get("post").get("parameters"))
			.noneMatch((parameter) -> parameter.get("name").asText().equals("X-Requested-With"));
		assertThat(paths.get("/api/actions").get("get").path("parameters"))
			.noneMatch((parameter) -> parameter.get("name").asText().equals("X-Requested-With"));
	}

	@Test
	void peopleLogInWithAFormThatNeedsItsCsrfToken() throws Exception {
		MockHttpServletResponse home = call(get("/"), null);
		assertThat(home.getStatus()).isEqualTo(302);
		assertThat(home.getRedirectedUrl()).endsWith("/login");
		MockHttpServletResponse page = call(get("/login"), null);
		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(page.getContentAsString()).contains("name=\"_csrf\"").doesNotContain("officer");
		MockHttpServletResponse forged = this.mvc
			.perform(post("/login").param("username", "alice").param("password", PASSWORD))
			.andReturn()
			.getResponse();
		assertThat(forged.getStatus()).isEqualTo(403);
		MockHttpServletResponse wrong = this.mvc
			.perform(post("/login").param("username", "alice").param("password", "guess").with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(wrong.getRedirectedUrl()).endsWith("/login?error");
		MockHttpServletResponse login = this.mvc
			.perform(post("/login").param("username", "alice").param("password", PASSWORD).with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(login.getStatus()).isEqualTo(302);
		assertThat(login.getRedirectedUrl()).isEqualTo("/");
	}

	@Test
	void theDashboardListsSchoolsStagesAndActionsWithStrictHeaders() throws Exception {
		MockHttpServletResponse home = this.mvc.perform(
				get("/").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.user(this.userDetails.loadUserByUsername("alice"))))
			.andReturn()
			.getResponse();
		assertThat(home.getStatus()).isEqualTo(200);
		String html = home.getContentAsString();
		assertThat(html).contains("St John&#39;s Academy").contains("Recent actions").contains("FIRST_DAY");
		assertThat(home.getHeader("Content-Security-Policy")).contains("default-src 'self'")
			.contains("frame-ancestors 'none'");
		assertThat(home.getHeader("X-Frame-Options")).isEqualTo("DENY");
		assertThat(home.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		MockHttpServletResponse school = this.mvc.perform(get("/schools/st-johns")
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
				.user(this.userDetails.loadUserByUsername("alice"))))
			.andReturn()
			.getResponse();
		assertThat(school.getStatus()).isEqualTo(200);
		String pupil = this.jdbc.queryForObject("select pupil_id from pupil where school_id = 'st-johns' limit 1",
				Map.of(), String.class);
		assertThat(school.getContentAsString()).contains(pupil).contains("Pupils by stage");
		MockHttpServletResponse other = this.mvc.perform(get("/schools/st-johns")
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
				.user(this.userDetails.loadUserByUsername("bob"))))
			.andReturn()
			.getResponse();
		assertThat(other.getStatus()).isEqualTo(404);
		assertThat(other.getContentAsString()).doesNotContain(pupil);
		MockHttpServletResponse it = this.mvc.perform(
				get("/").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.user(this.userDetails.loadUserByUsername("tech"))))
			.andReturn()
			.getResponse();
		assertThat(it.getStatus()).isEqualTo(200);
		assertThat(it.getContentAsString()).contains("Connectors").doesNotContain("Recent actions");
	}

	// --- tasks and referrals: made by their channels from actions proposed here ---

	@Autowired
	OutboxStore outbox;

	@Autowired
	TaskChannel taskChannel;

	@Autowired
	ReferralChannel referralChannel;

	@Autowired
	Clock clock;

	private String firstPupil(String school) {
		return this.jdbc.queryForObject("select min(pupil_id) from mark where school_id = :school",
				Map.of("school", school), String.class);
	}

	/** The action proposed and delivered by its channel: the provider's id. */
	private long delivered(PlannedAction planned, Channel channel) {
		this.outbox.propose(List.of(planned), "PENDING");
		long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = :key",
				Map.of("key", planned.dedupeKey()), Long.class);
		Delivery delivery = channel.deliver(new OutboxAction(id, OutboxAction.referenceOf(id), planned, 0));
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.SENT);
		return Long.parseLong(delivery.providerId().substring(delivery.providerId().indexOf('-') + 1));
	}

	private MockHttpServletResponse complete(long task, String outcome, String user) throws Exception {
		return call(post("/api/tasks/" + task + "/complete").contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(Map.of("outcome", outcome))), user);
	}

	@Test
	void tasksAreListedPerSchoolAndCompletedOnceIntoTheActionLog() throws Exception {
		String pupil = firstPupil("st-johns");
		long task = delivered(SampleActions.task("st-johns", pupil, "API_TASK", "tutor", "home-visit",
				LocalDate.of(2024, 11, 18), List.of("attendance-officer")), this.taskChannel);
		long other = delivered(SampleActions.task("toolkit", firstPupil("toolkit"), "API_TASK", "attendance-officer",
				"pa-close-monitoring", null, List.of()), this.taskChannel);

		MockHttpServletResponse listed = call(get("/api/tasks?school=st-johns&state=open&size=500"), "alice");
		assertThat(listed.getStatus()).isEqualTo(200);
		JsonNode open = this.json.readTree(listed.getContentAsString());
		long stored = count("select count(*) from task where school_id = 'st-johns' and completed_at is null",
				Map.of());
		assertThat(open).hasSize((int) stored);
		assertThat(listed.getHeader("X-Total-Count")).isEqualTo(String.valueOf(stored));
		JsonNode mine = null;
		for (JsonNode t : open) {
			assertThat(t.get("school").asText()).isEqualTo("st-johns");
			assertThat(t.get("state").asText()).isEqualTo("open");
			mine = (t.get("id").asLong() == task) ? t : mine;
		}
		assertThat(mine).isNotNull();
		assertThat(fields(mine)).contains("id", "actionId", "pupilId", "rule", "template", "ownerRole", "ownerStaff",
				"dueOn", "details", "createdAt", "completedAt", "completedBy", "outcome", "state");
		assertThat(mine.get("pupilId").asText()).isEqualTo(pupil);
		assertThat(mine.get("ownerRole").asText()).isEqualTo("tutor");
		assertThat(mine.get("dueOn").asText()).isEqualTo("2024-11-18");
		assertThat(mine.get("details").asText()).contains("Arrange a welfare (home) visit");
		String upn = this.jdbc.queryForObject("select upn from pupil where school_id = 'st-johns' and pupil_id = :p",
				Map.of("p", pupil), String.class);
		assertThat(listed.getContentAsString()).doesNotContain(upn);
		JsonNode page = ok("/api/tasks?school=st-johns&page=0&size=1", "alice");
		assertThat(page).hasSize(1);
		for (JsonNode t : ok("/api/tasks?size=500", "bob")) {
			assertThat(t.get("school").asText()).isEqualTo("toolkit");
		}
		assertThat(ok("/api/tasks?size=500", "bob").findValuesAsText("id")).contains(String.valueOf(other))
			.doesNotContain(String.valueOf(task));
		assertThat(call(get("/api/tasks?school=st-johns"), "bob").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/tasks?state=closed"), "alice").getStatus()).isEqualTo(400);
		assertThat(call(get("/api/tasks?school=st-johns"), "reader").getStatus()).isEqualTo(200);

		// Completed by alice, now, once; the completion is a link of the school's chain.
		assertThat(complete(task, " ", "alice").getStatus()).isEqualTo(400);
		assertThat(complete(task, "Visited", "bob").getStatus()).isEqualTo(404);
		assertThat(complete(task, "Visited", "reader").getStatus()).isEqualTo(403);
		Instant before = this.clock.instant();
		MockHttpServletResponse done = complete(task, "Visited with the key worker; mum will ring on Monday", "alice");
		assertThat(done.getStatus()).isEqualTo(200);
		JsonNode completed = this.json.readTree(done.getContentAsString());
		assertThat(completed.get("state").asText()).isEqualTo("done");
		assertThat(completed.get("completedBy").asText()).isEqualTo("alice");
		assertThat(completed.get("outcome").asText()).isEqualTo("Visited with the key worker; mum will ring on Monday");
		assertThat(Instant.parse(completed.get("completedAt").asText())).isBetween(before, this.clock.instant());
		Map<String, Object> entry = this.jdbc.queryForMap(
				"select state, actor, detail from action_log where "
						+ "chain = 'st-johns' and seq = (select max(seq) from action_log where chain = 'st-johns')",
				Map.of());
		assertThat(entry).containsEntry("state", "COMPLETED").containsEntry("actor", "alice");
		assertThat((String) entry.get("detail")).contains("task " + task, "mum will ring on Monday");
		JsonNode finished = ok("/api/tasks?school=st-johns&state=done&size=500", "alice");
		assertThat(finished.findValuesAsText("id")).contains(String.valueOf(task));
		assertThat(ok("/api/tasks?school=st-johns&state=open&size=500", "alice").findValuesAsText("id"))
			.doesNotContain(String.valueOf(task));

		MockHttpServletResponse twice = complete(task, "Visited again", "alice");
		assertThat(twice.getStatus()).isEqualTo(409);
		assertThat(this.json.readTree(twice.getContentAsString()).get("message").asText())
			.contains("task " + task + " was already completed", "by alice");
		assertThat(count("select count(*) from action_log where state = 'COMPLETED' and outbox_id = "
				+ "(select outbox_id from task where id = :t)", Map.of("t", task)))
			.isEqualTo(1);

		// The evidence pack carries the task and its outcome, and the chain still holds.
		String csv = call(get("/api/schools/st-johns/pupils/" + pupil + "/evidence.csv"), "alice").getContentAsString();
		assertThat(csv.lines()).anyMatch((row) -> row.startsWith("task,2024-11-18,") && row.contains(",done,alice,")
				&& row.contains("mum will ring on Monday"));
		assertThat(csv.lines().reduce((first, second) -> second).orElseThrow()).contains(",INTACT,");

		assertThat(complete(999999, "Visited", "alice").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/tasks"), "tech").getStatus()).isEqualTo(403);
		assertThat(complete(task, "Visited", "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/tasks"), null).getStatus()).isEqualTo(401);
		assertThat(complete(task, "Visited", null).getStatus()).isEqualTo(401);
	}

	@Test
	void referralPacksAreListedAndServedAsPdf() throws Exception {
		String pupil = firstPupil("st-johns");
		long referral = delivered(
				SampleActions.of("st-johns", pupil, "LA_NOTIFY", ActionKind.LA_REFERRAL, "la-absence-notification"),
				this.referralChannel);
		JsonNode tray = ok("/api/referrals?school=st-johns", "alice");
		JsonNode mine = null;
		for (JsonNode r : tray) {
			assertThat(fields(r)).containsExactlyInAnyOrder("id", "actionId", "school", "pupilId", "rule", "template",
					"createdAt", "sentAt", "sentBy", "state");
			mine = (r.get("id").asLong() == referral) ? r : mine;
		}
		assertThat(mine).isNotNull();
		assertThat(mine.get("rule").asText()).isEqualTo("LA_NOTIFY");
		assertThat(mine.get("pupilId").asText()).isEqualTo(pupil);
		MockHttpServletResponse pdf = call(get("/api/referrals/" + referral + ".pdf"), "alice");
		assertThat(pdf.getStatus()).isEqualTo(200);
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		assertThat(pdf.getHeader("Content-Disposition")).contains("attachment", "referral-st-johns-" + referral);
		String upn = this.jdbc.queryForObject("select upn from pupil where school_id = 'st-johns' and pupil_id = :p",
				Map.of("p", pupil), String.class);
		try (PDDocument document = Loader.loadPDF(pdf.getContentAsByteArray())) {
			String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
			assertThat(text)
				.contains("Referral to the local authority: pupil " + pupil, "Rule LA_NOTIFY",
						"Attendance evidence: pupil " + pupil, "Register", "2024-11-11")
				.doesNotContain(upn);
		}
		assertThat(ok("/api/referrals", "bob").findValuesAsText("school")).doesNotContain("st-johns");
		assertThat(call(get("/api/referrals/" + referral + ".pdf"), "bob").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/referrals/999999.pdf"), "alice").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/referrals?school=st-johns"), "bob").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/referrals"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/referrals/" + referral + ".pdf"), null).getStatus()).isEqualTo(401);
	}

	// --- simulate: a policy's workload over a past period, from the stored register ---

	@Test
	void simulateGivesTheWorkloadTheCliGivesForTheSameRegister(@TempDir Path folder) throws Exception {
		String query = "/api/schools/st-johns/simulate?policy=st-johns-way&from=2024-09-09&to=2024-11-08";
		MockHttpServletResponse response = call(get(query), "alice");
		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode forecast = this.json.readTree(response.getContentAsString());
		assertThat(fields(forecast)).containsExactlyInAnyOrder("school", "policy", "from", "to", "pupils", "actions",
				"weeks", "totals");
		assertThat(forecast.get("pupils").asInt()).isEqualTo(40);
		assertThat(forecast.get("actions").asInt()).isPositive();
		assertThat(response.getContentAsString()).doesNotContain("arbor-");

		// The same register, written out as the CLI reads it, simulated by the CLI.
		List<String> pupils = new ArrayList<>(
				List.of("pupil_id,upn,year_group,send,pupil_premium,vulnerable,eal," + "home_language"));
		this.jdbc.queryForList("select * from pupil where school_id = 'st-johns' order by pupil_id", Map.of())
			.forEach(
					(p) -> pupils.add(String
						.join(",", (String) p.get("pupil_id"), String.valueOf(p.get("upn")),
								String.valueOf(p.get("year_group")), String.valueOf(p.get("send")),
								String.valueOf(p.get("pupil_premium")), String.valueOf(p.get("vulnerable")),
								String.valueOf(p.get("eal")), (String) p.get("home_language"))
						.toLowerCase(Locale.ROOT)));
		List<String> marks = new ArrayList<>(List.of("pupil_id,date,session,code,minutes_late"));
		this.jdbc
			.queryForList("select pupil_id, mark_date, session, code, minutes_late from mark "
					+ "where school_id = 'st-johns' order by pupil_id, mark_date, session", Map.of())
			.forEach((m) -> marks.add(String.join(",", (String) m.get("pupil_id"), String.valueOf(m.get("mark_date")),
					(String) m.get("session"), (String) m.get("code"),
					(m.get("minutes_late") == null) ? "" : String.valueOf(m.get("minutes_late")))));
		Files.write(folder.resolve("pupils.csv"), pupils);
		Files.write(folder.resolve("marks.csv"), marks);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Cli.run(
				new String[] { "simulate", "--policy", "policies/st-johns-way.yaml", "--pupils",
						folder.resolve("pupils.csv").toString(), "--marks", folder.resolve("marks.csv").toString(),
						"--from", "2024-09-09", "--to", "2024-11-08" },
				new PrintStream(out, true), new PrintStream(err, true));
		assertThat(err.toString()).isEmpty();
		assertThat(status).isZero();
		List<JsonNode> cliWeeks = new ArrayList<>();
		int cliActions = 0;
		for (String line : out.toString().split("\n")) {
			JsonNode node = this.json.readTree(line);
			if (node.has("week")) {
				cliWeeks.add(node);
			}
			else {
				cliActions++;
			}
		}
		assertThat(forecast.get("actions").asInt()).isEqualTo(cliActions);
		assertThat(forecast.get("weeks")).hasSize(cliWeeks.size());
		Map<String, Integer> sums = new TreeMap<>();
		for (int i = 0; i < cliWeeks.size(); i++) {
			JsonNode week = forecast.get("weeks").get(i);
			JsonNode expected = cliWeeks.get(i);
			assertThat(week.get("week").asText()).isEqualTo(expected.get("week").asText());
			expected.fieldNames().forEachRemaining((column) -> {
				if (!column.equals("week")) {
					assertThat(week.get(column).asInt()).as(week.get("week") + " " + column)
						.isEqualTo(expected.get(column).asInt());
					sums.merge(column, week.get(column).asInt(), Integer::sum);
				}
			});
		}
		assertThat(forecast.get("weeks").get(0).get("week").asText()).isEqualTo("2024-09-09");
		sums.forEach((column, sum) -> assertThat(forecast.get("totals").get(column).asInt()).isEqualTo(sum));

		// Another policy over the same register.
		JsonNode other = ok("/api/schools/st-johns/simulate?policy=graduated-response&from=2024-09-09&to=2024-11-08",
				"alice");
		assertThat(other.get("policy").asText()).isEqualTo("graduated-response");
		assertThat(other.get("weeks")).hasSize(cliWeeks.size());
	}

	@Test
	void simulateNamesTheBadParameterAndIsScopedToTheUsersSchools() throws Exception {
		String base = "/api/schools/st-johns/simulate?";
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("policy=st-johns-way&from=2024-13-01&to=2024-11-08", "from: '2024-13-01' is not a date (YYYY-MM-DD)");
		bad.put("policy=st-johns-way&from=2024-09-09&to=soon", "to: 'soon' is not a date (YYYY-MM-DD)");
		bad.put("policy=st-johns-way&to=2024-11-08", "from: a date is needed (YYYY-MM-DD)");
		bad.put("policy=nope&from=2024-09-09&to=2024-11-08", "policy: no policy 'nope' (policies: attendance-toolkit");
		bad.put("from=2024-09-09&to=2024-11-08", "policy: name a policy");
		bad.put("policy=st-johns-way&from=2024-11-08&to=2024-09-09", "to: 2024-09-09 is before from 2024-11-08");
		bad.put("policy=st-johns-way&from=2024-09-09&to=2024-11-12",
				"to: 2024-11-12 is after today (2024-11-11): a simulation looks at a past period");
		bad.put("policy=st-johns-way&from=2023-09-01&to=2024-11-08", "is longer than a year");
		for (Map.Entry<String, String> entry : bad.entrySet()) {
			MockHttpServletResponse response = call(get(base + entry.getKey()), "alice");
			assertThat(response.getStatus()).as(entry.getKey()).isEqualTo(400);
			assertThat(this.json.readTree(response.getContentAsString()).get("message").asText()).as(entry.getKey())
				.contains(entry.getValue());
		}
		String good = base + "policy=st-johns-way&from=2024-09-09&to=2024-11-08";
		MockHttpServletResponse other = call(get(good), "bob");
		assertThat(other.getStatus()).isEqualTo(404);
		assertThat(other.getContentAsString()).contains("no school 'st-johns'");
		assertThat(call(get("/api/schools/toolkit/simulate?policy=attendance-toolkit&from=2024-09-09&to=2024-11-08"),
				"bob")
			.getStatus()).isEqualTo(200);
		assertThat(call(get(good), "reader").getStatus()).isEqualTo(200);
		assertThat(call(get(good), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get(good), null).getStatus()).isEqualTo(401);
		assertThat(call(get("/api/schools/nowhere/simulate?policy=st-johns-way&from=2024-09-09&to=2024-11-08"), "alice")
			.getStatus()).isEqualTo(404);
	}

	@Test
	void theSimulatePageShowsTheSchoolsOwnPolicyThisYearAndTheWorkloadOfAChosenOne() throws Exception {
		MockHttpServletResponse first = page(get("/schools/st-johns/simulate"), "alice");
		assertThat(first.getStatus()).isEqualTo(200);
		JsonNode year = ok("/api/schools/st-johns/simulate?policy=st-johns-way&from=2024-08-01&to=2024-11-11", "alice");
		assertThat(first.getContentAsString()).contains("Simulate a policy")
			.contains("<option value=\"st-johns-way\" selected=\"selected\">")
			.contains("value=\"2024-08-01\"")
			.contains("value=\"2024-11-11\"")
			.contains("<strong class=\"actions-total\">" + year.get("actions").asInt() + "</strong>");
		JsonNode chosen = ok("/api/schools/st-johns/simulate?policy=staged-approach&from=2024-09-09&to=2024-10-18",
				"alice");
		String html = page(get("/schools/st-johns/simulate?policy=staged-approach&from=2024-09-09&to=2024-10-18"),
				"alice")
			.getContentAsString();
		assertThat(html).contains("<option value=\"staged-approach\" selected=\"selected\">")
			.contains("<strong class=\"actions-total\">" + chosen.get("actions").asInt() + "</strong>");
		for (JsonNode week : chosen.get("weeks")) {
			assertThat(html).contains("<td class=\"when\">" + week.get("week").asText() + "</td>");
		}
		MockHttpServletResponse bad = page(get("/schools/st-johns/simulate?policy=st-johns-way&from=2024-10-01&to=x"),
				"alice");
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getContentAsString()).contains("to: &#39;x&#39; is not a date (YYYY-MM-DD)")
			.contains("name=\"policy\"");
		assertThat(page(get("/schools/st-johns"), "alice").getContentAsString())
			.contains("href=\"/schools/st-johns/simulate\"");
		assertThat(page(get("/schools/st-johns/simulate"), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get("/schools/st-johns/simulate"), "tech").getStatus()).isEqualTo(403);
	}

	// --- tasks and referrals on the dashboard ---

	@Test
	void tasksFilterByOwnerRoleAndDueDate() throws Exception {
		String pupil = firstPupil("st-johns");
		long early = delivered(SampleActions.task("st-johns", pupil, "FILTER_EARLY", "senco", "sam-meeting",
				LocalDate.of(2024, 11, 12), List.of()), this.taskChannel);
		long late = delivered(SampleActions.task("st-johns", pupil, "FILTER_LATE", "senco", "sam-meeting",
				LocalDate.of(2024, 12, 2), List.of()), this.taskChannel);
		long tutor = delivered(SampleActions.task("st-johns", pupil, "FILTER_TUTOR", "tutor", "home-visit",
				LocalDate.of(2024, 11, 12), List.of()), this.taskChannel);

		JsonNode senco = ok("/api/tasks?school=st-johns&role=senco&size=500", "alice");
		assertThat(ids(senco)).contains(early, late).doesNotContain(tutor);
		senco.forEach((t) -> assertThat(t.get("ownerRole").asText()).isEqualTo("senco"));
		JsonNode due = ok("/api/tasks?school=st-johns&role=senco&dueBy=2024-11-30&size=500", "alice");
		assertThat(ids(due)).contains(early).doesNotContain(late, tutor);
		due.forEach((t) -> assertThat(LocalDate.parse(t.get("dueOn").asText())).isBeforeOrEqualTo("2024-11-30"));
		MockHttpServletResponse counted = call(get("/api/tasks?school=st-johns&role=senco&dueBy=2024-11-30&size=1"),
				"alice");
		assertThat(counted.getHeader("X-Total-Count")).isEqualTo(String.valueOf(count(
				"select count(*) from task where school_id = 'st-johns' and owner_role = 'senco' and due_on <= :d",
				Map.of("d", LocalDate.of(2024, 11, 30)))));

		MockHttpServletResponse role = call(get("/api/tasks?role=janitor"), "alice");
		assertThat(role.getStatus()).isEqualTo(400);
		assertThat(role.getContentAsString()).contains("role: no role 'janitor'");
		MockHttpServletResponse date = call(get("/api/tasks?dueBy=next-week"), "alice");
		assertThat(date.getStatus()).isEqualTo(400);
		assertThat(date.getContentAsString()).contains("dueBy: 'next-week' is not a date (YYYY-MM-DD)");
		assertThat(ids(ok("/api/tasks?role=senco&size=500", "bob"))).doesNotContain(early, late);
	}

	@Test
	void theTaskListIsNarrowedAndItsCompleteButtonCompletesATaskOnce() throws Exception {
		String pupil = firstPupil("st-johns");
		long task = delivered(SampleActions.task("st-johns", pupil, "PAGE_TASK", "attendance-officer", "home-visit",
				LocalDate.of(2024, 11, 8), List.of()), this.taskChannel);
		long toolkit = delivered(SampleActions.task("toolkit", firstPupil("toolkit"), "PAGE_TASK", "attendance-officer",
				"pa-close-monitoring", LocalDate.of(2024, 11, 20), List.of()), this.taskChannel);

		MockHttpServletResponse list = page(get("/tasks?school=st-johns&role=attendance-officer"), "alice");
		assertThat(list.getStatus()).isEqualTo(200);
		String html = list.getContentAsString();
		assertThat(html).contains("id=\"task-" + task + "\"")
			.doesNotContain("id=\"task-" + toolkit + "\"")
			.contains("action</th><th>pupil</th><th>staff</th><th>date</th><th>details</th><th>complete")
			.contains("/tasks/" + task + "/complete")
			.contains("name=\"_csrf\"")
			.contains("Arrange a welfare (home) visit")
			// Due before today (11 November): overdue.
			.contains("class=\"overdue\"");
		assertThat(page(get("/tasks?dueBy=2024-11-10&school=st-johns"), "alice").getContentAsString())
			.contains("id=\"task-" + task + "\"");
		assertThat(page(get("/tasks?dueBy=2024-11-01&school=st-johns"), "alice").getContentAsString())
			.doesNotContain("id=\"task-" + task + "\"");
		assertThat(page(get("/tasks?school=st-johns&state=done"), "alice").getContentAsString())
			.doesNotContain("id=\"task-" + task + "\"");
		MockHttpServletResponse bad = page(get("/tasks?dueBy=soon"), "alice");
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getContentAsString()).contains("dueBy: &#39;soon&#39; is not a date");
		assertThat(page(get("/tasks?school=st-johns"), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get("/tasks"), "bob").getContentAsString()).contains("id=\"task-" + toolkit + "\"")
			.doesNotContain("id=\"task-" + task + "\"");
		// Read-only: the list without buttons.
		String readOnly = page(get("/tasks?school=st-johns"), "reader").getContentAsString();
		assertThat(readOnly).contains("id=\"task-" + task + "\"").doesNotContain("/tasks/" + task + "/complete");
		assertThat(page(get("/tasks"), "tech").getStatus()).isEqualTo(403);

		String complete = "/tasks/" + task + "/complete";
		assertThat(page(post(complete).param("outcome", "Visited"), "alice").getStatus()).isEqualTo(403);
		assertThat(page(post(complete).param("outcome", "Visited").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(page(post(complete).param("outcome", "Visited").with(csrf()), "bob").getStatus()).isEqualTo(404);
		MvcResult empty = submit(post(complete).param("outcome", " "), "alice");
		assertThat(empty.getFlashMap().get("refused").toString()).contains("outcome: say what happened");
		assertThat(count("select count(*) from task where id = :t and completed_at is null", Map.of("t", task)))
			.isEqualTo(1);

		MvcResult done = submit(post(complete).param("outcome", "Visited; mum will call the office")
			.param("back", "list")
			.param("school", "st-johns")
			.param("role", "attendance-officer")
			.param("state", "open"), "alice");
		assertThat(done.getResponse().getStatus()).isEqualTo(302);
		assertThat(done.getResponse().getRedirectedUrl())
			.isEqualTo("/tasks?school=st-johns&role=attendance-officer&state=open");
		assertThat(done.getFlashMap().get("done").toString()).contains("Task " + task, "completed by alice");
		Map<String, Object> stored = this.jdbc.queryForMap("select completed_by, outcome from task where id = :t",
				Map.of("t", task));
		assertThat(stored).containsEntry("completed_by", "alice")
			.containsEntry("outcome", "Visited; mum will call the office");
		assertThat(count("select count(*) from action_log where state = 'COMPLETED' and actor = 'alice' and outbox_id "
				+ "= (select outbox_id from task where id = :t)", Map.of("t", task)))
			.isEqualTo(1);
		MvcResult twice = submit(post(complete).param("outcome", "Again"), "alice");
		assertThat(twice.getFlashMap().get("refused").toString()).contains("was already completed", "by alice");
		assertThat(count("select count(*) from action_log where state = 'COMPLETED' and outbox_id "
				+ "= (select outbox_id from task where id = :t)", Map.of("t", task)))
			.isEqualTo(1);
		assertThat(page(get("/tasks?school=st-johns&state=done"), "alice").getContentAsString())
			.contains("id=\"task-" + task + "\"")
			.contains("by alice: Visited; mum will call the office");
	}

	/**
	 * A form posted with its CSRF token by a logged-in user: the result, flash included.
	 */
	private MvcResult submit(MockHttpServletRequestBuilder request, String user) throws Exception {
		return this.mvc
			.perform(request.with(csrf())
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.user(this.userDetails.loadUserByUsername(user))))
			.andReturn();
	}

	@Test
	void thePupilPageListsTheirTasksAndReferralsAndCompletesATaskInPlace() throws Exception {
		String pupil = this.jdbc.queryForObject("select max(pupil_id) from mark where school_id = 'st-johns'", Map.of(),
				String.class);
		long task = delivered(SampleActions.task("st-johns", pupil, "PUPIL_TASK", "head-of-year", "sam-meeting",
				LocalDate.of(2024, 11, 25), List.of()), this.taskChannel);
		long referral = delivered(SampleActions.of("st-johns", pupil, "PUPIL_REFERRAL", ActionKind.LA_REFERRAL,
				"la-absence-notification"), this.referralChannel);
		String path = "/schools/st-johns/pupils/" + pupil;
		String html = page(get(path), "alice").getContentAsString();
		assertThat(html).contains("<h2>Tasks</h2>", "<h2>Referrals</h2>")
			.contains("id=\"task-" + task + "\"")
			.contains("id=\"referral-" + referral + "\"")
			.contains("href=\"/referrals/" + referral + ".pdf\"")
			.contains("name=\"back\" value=\"pupil\"");
		// Another pupil's page does not list them.
		assertThat(page(get("/schools/st-johns/pupils/" + firstPupil("st-johns")), "alice").getContentAsString())
			.doesNotContain("id=\"task-" + task + "\"")
			.doesNotContain("id=\"referral-" + referral + "\"");
		MockHttpServletResponse done = page(post("/tasks/" + task + "/complete").param("outcome", "Meeting held")
			.param("back", "pupil")
			.with(csrf()), "alice");
		assertThat(done.getRedirectedUrl()).isEqualTo(path);
		assertThat(page(get(path), "alice").getContentAsString()).contains("by alice: Meeting held");
	}

	@Test
	void theReferralsPageListsTheUsersPacksWithTheirPdf() throws Exception {
		String pupil = firstPupil("st-johns");
		long referral = delivered(
				SampleActions.of("st-johns", pupil, "PAGE_REFERRAL", ActionKind.LA_REFERRAL, "la-absence-notification"),
				this.referralChannel);
		MockHttpServletResponse list = page(get("/referrals"), "alice");
		assertThat(list.getStatus()).isEqualTo(200);
		assertThat(list.getContentAsString()).contains("Referrals to the local authority")
			.contains("id=\"referral-" + referral + "\"")
			.contains("PAGE_REFERRAL")
			.contains("unsent")
			.contains("href=\"/referrals/" + referral + ".pdf\"");
		assertThat(page(get("/referrals?school=st-johns"), "alice").getContentAsString())
			.contains("id=\"referral-" + referral + "\"");
		assertThat(page(get("/referrals?school=toolkit"), "alice").getContentAsString())
			.doesNotContain("id=\"referral-" + referral + "\"");
		MockHttpServletResponse pdf = page(get("/referrals/" + referral + ".pdf"), "alice");
		assertThat(pdf.getStatus()).isEqualTo(200);
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		try (PDDocument document = Loader.loadPDF(pdf.getContentAsByteArray())) {
			assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
				.contains("Referral to the local authority: pupil " + pupil, "Rule PAGE_REFERRAL");
		}
		assertThat(page(get("/referrals"), "bob").getContentAsString())
			.doesNotContain("id=\"referral-" + referral + "\"");
		assertThat(page(get("/referrals?school=st-johns"), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get("/referrals/" + referral + ".pdf"), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get("/referrals"), "tech").getStatus()).isEqualTo(403);
		assertThat(page(get("/referrals/" + referral + ".pdf"), "tech").getStatus()).isEqualTo(403);
		MockHttpServletResponse anonymous = call(get("/referrals"), null);
		assertThat(anonymous.getRedirectedUrl()).endsWith("/login");
	}

	@Test
	void aReferralIsMarkedSentOnceByAnOfficerOfItsSchoolIntoTheActionLog() throws Exception {
		long referral = delivered(SampleActions.of("st-johns", firstPupil("st-johns"), "LA_SENT",
				ActionKind.LA_REFERRAL, "la-absence-notification"), this.referralChannel);
		long theirs = delivered(SampleActions.of("toolkit", toolkitPupil(), "LA_SENT", ActionKind.LA_REFERRAL,
				"la-absence-notification"), this.referralChannel);
		JsonNode unsent = ok("/api/referrals?school=st-johns&state=unsent", "alice");
		assertThat(ids(unsent)).contains(referral);
		JsonNode row = unsent.get(ids(unsent).indexOf(referral));
		assertThat(row.get("state").asText()).isEqualTo("unsent");
		assertThat(row.get("sentAt").isNull()).isTrue();
		assertThat(row.get("sentBy").isNull()).isTrue();
		assertThat(call(get("/api/referrals?state=posted"), "alice").getStatus()).isEqualTo(400);

		// Another school's, a user who may not, no credentials, no such referral.
		assertThat(call(scripted("/api/referrals/" + referral + "/sent"), "bob").getStatus()).isEqualTo(404);
		assertThat(call(scripted("/api/referrals/" + referral + "/sent"), "reader").getStatus()).isEqualTo(403);
		assertThat(call(scripted("/api/referrals/" + referral + "/sent"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(scripted("/api/referrals/" + referral + "/sent"), null).getStatus()).isEqualTo(401);
		MockHttpServletResponse unknown = call(scripted("/api/referrals/999999/sent"), "alice");
		assertThat(unknown.getStatus()).isEqualTo(404);
		assertThat(unknown.getContentAsString()).contains("no referral 999999");
		assertThat(ok("/api/referrals?school=st-johns&state=unsent", "alice").findValuesAsText("id"))
			.contains(String.valueOf(referral));

		MockHttpServletResponse sent = call(scripted("/api/referrals/" + referral + "/sent"), "alice");
		assertThat(sent.getStatus()).isEqualTo(200);
		JsonNode marked = this.json.readTree(sent.getContentAsString());
		assertThat(marked.get("state").asText()).isEqualTo("sent");
		assertThat(marked.get("sentBy").asText()).isEqualTo("alice");
		// The adapter's clock: the mock school's, not the wall clock.
		assertThat(Instant.parse(marked.get("sentAt").asText())).isEqualTo(this.clock.instant());
		Map<String, Object> entry = this.jdbc.queryForMap(
				"select state, actor, detail from action_log where outbox_id = (select outbox_id from referral "
						+ "where id = :id) order by seq desc limit 1",
				Map.of("id", referral));
		assertThat(entry).containsEntry("state", "SENT_TO_LA").containsEntry("actor", "alice");
		assertThat((String) entry.get("detail")).contains("referral " + referral, "sent to the local authority");

		MockHttpServletResponse again = call(scripted("/api/referrals/" + referral + "/sent"), "alice");
		assertThat(again.getStatus()).isEqualTo(409);
		assertThat(this.json.readTree(again.getContentAsString()).get("message").asText())
			.contains("referral " + referral + " was already marked sent", "by alice");
		assertThat(count("select count(*) from action_log where state = 'SENT_TO_LA' and outbox_id = "
				+ "(select outbox_id from referral where id = :id)", Map.of("id", referral)))
			.isEqualTo(1);
		assertThat(ok("/api/referrals?school=st-johns&state=sent", "alice").findValuesAsText("id"))
			.contains(String.valueOf(referral));
		assertThat(ok("/api/referrals?school=st-johns&state=unsent", "alice").findValuesAsText("id"))
			.doesNotContain(String.valueOf(referral));
		// The head of year of the other school marks theirs.
		assertThat(call(scripted("/api/referrals/" + theirs + "/sent"), "bob").getStatus()).isEqualTo(200);
		assertThat(ok("/api/referrals?school=toolkit&state=sent", "bob").findValuesAsText("sentBy")).contains("bob");
	}

	@Autowired
	org.springframework.security.core.userdetails.UserDetailsService userDetails;

	private static final java.util.concurrent.atomic.AtomicInteger KEYS = new java.util.concurrent.atomic.AtomicInteger();

	/**
	 * An action proposed through the outbox and its dispatch rails, as a poll proposes
	 * one: toolkit's connector file holds letters for approval, prevention's makes them a
	 * dry run.
	 */
	long propose(String school, String pupil, ActionKind kind, String template) {
		return propose(this.outbox, this.jdbc, school, pupil, kind, template);
	}

	static long propose(OutboxStore outbox, NamedParameterJdbcTemplate jdbc, String school, String pupil,
			ActionKind kind, String template) {
		String key = "api-test|" + school + "|" + KEYS.incrementAndGet();
		PlannedAction action = new PlannedAction(key, school, pupil, "test-policy", 1, "PA", true,
				LocalDate.of(2024, 11, 11), kind, "parent", template, List.of(), LocalDate.of(2024, 11, 11), null, null,
				"attendance 89.5% is at most 90%", new PlannedAction.PupilFigures(89.5, 100, 89, 5, 6, 35.75, "PA"));
		assertThat(outbox.propose(List.of(action), "PENDING")).isEqualTo(1);
		return jdbc.queryForObject("select id from outbox where dedupe_key = :key", Map.of("key", key), Long.class);
	}

	String toolkitPupil() {
		return this.jdbc.queryForObject("select min(pupil_id) from pupil where school_id = 'toolkit'", Map.of(),
				String.class);
	}

	private String state(long id) {
		return this.jdbc.queryForObject(
				"select state || coalesce(' (' || held_for || ')', '') from outbox where id = :id", Map.of("id", id),
				String.class);
	}

	/** The action's last log entry: actor, state and detail. */
	private String lastLog(long id) {
		return this.jdbc.queryForObject("select actor || ' ' || state || ' ' || detail from action_log "
				+ "where outbox_id = :id order by seq desc limit 1", Map.of("id", id), String.class);
	}

	private static List<Long> ids(JsonNode rows) {
		List<Long> ids = new ArrayList<>();
		rows.forEach((row) -> ids.add(row.get("id").asLong()));
		return ids;
	}

	private MockHttpServletResponse page(MockHttpServletRequestBuilder request, String user) throws Exception {
		return this.mvc.perform(
				request.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.user(this.userDetails.loadUserByUsername(user))))
			.andReturn()
			.getResponse();
	}

	@Test
	void theApprovalQueueListsActionsHeldForApprovalAndOfficersApproveOrRejectThem() throws Exception {
		String pupil = toolkitPupil();
		long letter = propose("toolkit", pupil, ActionKind.LETTER, "pa-letter");
		long second = propose("toolkit", pupil, ActionKind.LETTER, "lost-learning-letter");
		long dryRun = propose("prevention", "arbor-dry", ActionKind.LETTER, "pa-letter");
		long stJohns = this.jdbc.queryForObject("select min(id) from outbox where school_id = 'st-johns'", Map.of(),
				Long.class);
		assertThat(state(letter)).isEqualTo("PROPOSED (approval)");
		assertThat(state(dryRun)).isEqualTo("PROPOSED (dry-run)");

		JsonNode queue = ok("/api/approvals", "alice");
		assertThat(ids(queue)).contains(letter, second).doesNotContain(dryRun);
		for (JsonNode row : queue) {
			assertThat(row.get("state").asText()).isEqualTo("PROPOSED");
			assertThat(row.get("heldFor").asText()).isEqualTo("approval");
			assertThat(fields(row)).contains("id", "school", "pupilId", "rule", "kind", "template", "explanation",
					"createdAt");
		}
		assertThat(ids(ok("/api/approvals?school=toolkit", "bob"))).contains(letter, second);
		assertThat(ids(ok("/api/approvals", "reader"))).doesNotContain(letter, second);
		assertThat(call(get("/api/approvals?school=toolkit"), "reader").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/approvals"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/approvals"), null).getStatus()).isEqualTo(401);

		// Wrong role, no credentials, another school's action: refused, nothing moves.
		assertThat(call(scripted("/api/actions/" + letter + "/approve"), "reader").getStatus()).isEqualTo(403);
		assertThat(call(scripted("/api/actions/" + letter + "/approve"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(scripted("/api/actions/" + letter + "/approve"), null).getStatus()).isEqualTo(401);
		String before = state(stJohns);
		MockHttpServletResponse elsewhere = call(scripted("/api/actions/" + stJohns + "/reject"), "bob");
		assertThat(elsewhere.getStatus()).isEqualTo(404);
		assertThat(elsewhere.getContentAsString()).contains("no action " + stJohns).doesNotContain("st-johns");
		assertThat(state(stJohns)).isEqualTo(before);
		assertThat(call(scripted("/api/actions/987654321/approve"), "alice").getStatus()).isEqualTo(404);
		assertThat(state(letter)).isEqualTo("PROPOSED (approval)");

		// The head of year of the school approves; the dispatcher will send it.
		MockHttpServletResponse approved = call(scripted("/api/actions/" + letter + "/approve"), "bob");
		assertThat(approved.getStatus()).isEqualTo(200);
		assertThat(this.json.readTree(approved.getContentAsString()).get("state").asText()).isEqualTo("PENDING");
		assertThat(state(letter)).isEqualTo("PENDING");
		assertThat(lastLog(letter)).isEqualTo("bob PENDING approved by bob");
		MockHttpServletResponse twice = call(scripted("/api/actions/" + letter + "/approve"), "alice");
		assertThat(twice.getStatus()).isEqualTo(409);
		assertThat(twice.getContentAsString()).contains("it is PENDING");

		MockHttpServletResponse rejected = call(
				scripted("/api/actions/" + second + "/reject").param("reason", "the family moved away"), "alice");
		assertThat(rejected.getStatus()).isEqualTo(200);
		assertThat(state(second)).isEqualTo("FAILED (rejected)");
		assertThat(lastLog(second)).isEqualTo("alice FAILED rejected by alice: the family moved away");
		// Rejected is final: not a dead letter, not replayable.
		assertThat(ids(ok("/api/dead-letters", "alice"))).doesNotContain(second);
		assertThat(call(scripted("/api/actions/" + second + "/replay"), "alice").getStatus()).isEqualTo(409);
		// A dry run is never approved.
		assertThat(call(scripted("/api/actions/" + dryRun + "/approve"), "alice").getStatus()).isEqualTo(409);
		assertThat(ids(ok("/api/approvals", "alice"))).doesNotContain(letter, second, dryRun);
	}

	@Test
	void deadLettersAreListedAndReplayedByAnOfficer() throws Exception {
		long note = propose("toolkit", toolkitPupil(), ActionKind.MIS_NOTE, "pa-letter");
		// As the dispatcher leaves an action Wonde refuses (it takes no notes).
		this.jdbc.update("update outbox set state = 'FAILED', attempts = 1, last_error = 'Wonde takes no notes' "
				+ "where id = :id", Map.of("id", note));
		JsonNode dead = ok("/api/dead-letters?school=toolkit", "bob");
		assertThat(ids(dead)).contains(note);
		for (JsonNode row : dead) {
			assertThat(row.get("state").asText()).isEqualTo("FAILED");
			assertThat(row.get("heldFor").isNull()).isTrue();
		}
		assertThat(dead.get(ids(dead).indexOf(note)).get("lastError").asText()).isEqualTo("Wonde takes no notes");
		assertThat(ids(ok("/api/dead-letters", "reader"))).doesNotContain(note);
		assertThat(call(get("/api/dead-letters?school=toolkit"), "reader").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/dead-letters"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/dead-letters"), null).getStatus()).isEqualTo(401);
		assertThat(call(scripted("/api/actions/" + note + "/replay"), "reader").getStatus()).isEqualTo(403);
		assertThat(call(scripted("/api/actions/" + note + "/replay"), null).getStatus()).isEqualTo(401);

		MockHttpServletResponse replayed = call(scripted("/api/actions/" + note + "/replay"), "alice");
		assertThat(replayed.getStatus()).isEqualTo(200);
		JsonNode row = this.json.readTree(replayed.getContentAsString());
		assertThat(row.get("state").asText()).isEqualTo("IN_DOUBT");
		assertThat(row.get("attempts").asInt()).isZero();
		assertThat(lastLog(note)).isEqualTo("alice IN_DOUBT replayed by alice");
		assertThat(ids(ok("/api/dead-letters", "alice"))).doesNotContain(note);
		assertThat(call(scripted("/api/actions/" + note + "/replay"), "alice").getStatus()).isEqualTo(409);
	}

	@Test
	void theQueuesFormsNeedTheirCsrfTokenAndAnOperatorsRole() throws Exception {
		long letter = propose("toolkit", toolkitPupil(), ActionKind.LETTER, "pa-letter");
		MockHttpServletResponse queue = page(get("/approvals"), "alice");
		assertThat(queue.getStatus()).isEqualTo(200);
		assertThat(queue.getContentAsString()).contains("/approvals/" + letter + "/approve")
			.contains("/approvals/" + letter + "/reject")
			.contains("name=\"_csrf\"");
		// Read-only sees the queue, without buttons.
		MockHttpServletResponse readOnly = page(get("/approvals?school=st-johns"), "reader");
		assertThat(readOnly.getStatus()).isEqualTo(200);
		assertThat(readOnly.getContentAsString()).doesNotContain("/approve\"");
		assertThat(page(get("/approvals"), "tech").getStatus()).isEqualTo(403);
		assertThat(page(get("/dead-letters"), "tech").getStatus()).isEqualTo(403);

		assertThat(page(post("/approvals/" + letter + "/approve"), "alice").getStatus()).isEqualTo(403);
		assertThat(page(post("/approvals/" + letter + "/approve").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(page(post("/approvals/" + letter + "/approve").with(csrf()), "bob").getStatus()).isEqualTo(302);
		assertThat(state(letter)).isEqualTo("PENDING");
		assertThat(lastLog(letter)).startsWith("bob PENDING");
		MockHttpServletResponse again = page(post("/approvals/" + letter + "/approve").with(csrf()), "alice");
		assertThat(again.getRedirectedUrl()).isEqualTo("/approvals");
		assertThat(again.getContentAsString()).isEmpty();

		long other = propose("toolkit", toolkitPupil(), ActionKind.LETTER, "pa-letter");
		assertThat(page(post("/approvals/" + other + "/reject").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(page(post("/approvals/" + other + "/reject").param("reason", "x"), "alice").getStatus())
			.isEqualTo(403);
		assertThat(page(post("/approvals/" + other + "/reject").param("reason", "duplicate").with(csrf()), "alice")
			.getStatus()).isEqualTo(302);
		assertThat(state(other)).isEqualTo("FAILED (rejected)");

		long note = propose("toolkit", toolkitPupil(), ActionKind.MIS_NOTE, "pa-letter");
		this.jdbc.update("update outbox set state = 'FAILED', last_error = 'refused' where id = :id",
				Map.of("id", note));
		assertThat(page(get("/dead-letters"), "alice").getContentAsString())
			.contains("/dead-letters/" + note + "/replay")
			.contains("refused");
		assertThat(page(post("/dead-letters/" + note + "/replay"), "alice").getStatus()).isEqualTo(403);
		assertThat(page(post("/dead-letters/" + note + "/replay").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(state(note)).isEqualTo("FAILED");
		assertThat(page(post("/dead-letters/" + note + "/replay").with(csrf()), "alice").getStatus()).isEqualTo(302);
		assertThat(state(note)).isEqualTo("IN_DOUBT");
		// Another school's action reads as none.
		long stJohns = this.jdbc.queryForObject("select min(id) from outbox where school_id = 'st-johns'", Map.of(),
				Long.class);
		assertThat(page(post("/approvals/" + stJohns + "/approve").with(csrf()), "bob").getStatus()).isEqualTo(404);
	}

	// --- the actions in doubt, for a person to check ---

	/** As dispatch leaves an action whose look-up could not decide whether it arrived. */
	private void leftInDoubt(long id) {
		this.jdbc.update(
				"update outbox set state = 'IN_DOUBT', held_for = null, attempts = 1, "
						+ "last_error = 'no answer within 10 s: look it up by ab-' || id where id = :id",
				Map.of("id", id));
	}

	private MockHttpServletResponse resolve(long id, String outcome, String user) throws Exception {
		return call(post("/api/actions/" + id + "/resolve").contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(Map.of("outcome", outcome))), user);
	}

	@Test
	void lettersDocumentsAndConcernsInDoubtAreListedAndResolvedByAPerson() throws Exception {
		String pupil = toolkitPupil();
		long letter = propose("toolkit", pupil, ActionKind.LETTER, "pa-letter");
		long document = propose("toolkit", pupil, ActionKind.MIS_DOCUMENT, "pa-letter");
		long concern = propose("toolkit", pupil, ActionKind.CPOMS_CONCERN, "attendance-concern");
		long text = propose("toolkit", pupil, ActionKind.SMS, "truancy-text");
		long stJohns = propose("st-johns", firstPupil("st-johns"), ActionKind.CPOMS_CONCERN, "attendance-concern");
		long pending = propose("st-johns", firstPupil("st-johns"), ActionKind.LETTER, "pa-letter");
		for (long id : List.of(letter, document, concern, text, stJohns)) {
			leftInDoubt(id);
		}

		JsonNode queue = ok("/api/in-doubt", "alice");
		assertThat(ids(queue)).contains(letter, document, concern, stJohns).doesNotContain(text, pending);
		for (JsonNode row : queue) {
			assertThat(row.get("state").asText()).isEqualTo("IN_DOUBT");
			assertThat(row.get("kind").asText()).isIn("letter", "mis-document", "cpoms-concern");
			assertThat(fields(row)).contains("id", "school", "pupilId", "rule", "kind", "template", "attempts",
					"lastError", "updatedAt");
		}
		assertThat(queue.get(ids(queue).indexOf(concern)).get("lastError").asText()).contains("ab-" + concern);
		assertThat(ids(ok("/api/in-doubt?school=toolkit", "bob"))).contains(letter, document, concern)
			.doesNotContain(stJohns);
		assertThat(ids(ok("/api/in-doubt", "bob"))).doesNotContain(stJohns);
		assertThat(ids(ok("/api/in-doubt", "reader"))).contains(stJohns).doesNotContain(letter, document, concern);
		assertThat(call(get("/api/in-doubt?school=toolkit"), "reader").getStatus()).isEqualTo(404);
		assertThat(call(get("/api/in-doubt"), "tech").getStatus()).isEqualTo(403);
		assertThat(call(get("/api/in-doubt"), null).getStatus()).isEqualTo(401);

		// Wrong role, no credentials, another school's action, no such action: nothing
		// moves.
		assertThat(resolve(letter, "sent", "reader").getStatus()).isEqualTo(403);
		assertThat(resolve(letter, "sent", "tech").getStatus()).isEqualTo(403);
		assertThat(resolve(letter, "sent", null).getStatus()).isEqualTo(401);
		MockHttpServletResponse elsewhere = resolve(stJohns, "sent", "bob");
		assertThat(elsewhere.getStatus()).isEqualTo(404);
		assertThat(elsewhere.getContentAsString()).contains("no action " + stJohns).doesNotContain("st-johns");
		assertThat(state(stJohns)).isEqualTo("IN_DOUBT");
		assertThat(resolve(987654321, "sent", "alice").getStatus()).isEqualTo(404);
		MockHttpServletResponse unclear = resolve(letter, "maybe", "alice");
		assertThat(unclear.getStatus()).isEqualTo(400);
		assertThat(unclear.getContentAsString()).contains("outcome", "not-sent");
		assertThat(state(letter)).isEqualTo("IN_DOUBT");

		// Bob checked the MIS: the letter's document is there. SENT, in his name.
		MockHttpServletResponse sent = resolve(document, "sent", "bob");
		assertThat(sent.getStatus()).isEqualTo(200);
		assertThat(this.json.readTree(sent.getContentAsString()).get("state").asText()).isEqualTo("SENT");
		assertThat(state(document)).isEqualTo("SENT");
		assertThat(lastLog(document)).isEqualTo("bob SENT resolved by bob: checked that it arrived");
		MockHttpServletResponse twice = resolve(document, "not-sent", "alice");
		assertThat(twice.getStatus()).isEqualTo(409);
		assertThat(twice.getContentAsString()).contains("it is SENT, not IN_DOUBT");
		assertThat(lastLog(document)).startsWith("bob SENT");

		// Alice found no concern in CPOMS: it is queued to go again, due now.
		MockHttpServletResponse again = resolve(concern, "not-sent", "alice");
		assertThat(again.getStatus()).isEqualTo(200);
		assertThat(state(concern)).isEqualTo("RETRYABLE");
		assertThat(this.jdbc.queryForObject("select next_attempt_at from outbox where id = :id", Map.of("id", concern),
				java.time.OffsetDateTime.class))
			.isNull();
		assertThat(lastLog(concern))
			.isEqualTo("alice RETRYABLE resolved by alice: it did not arrive; queued to send again");

		// Not in doubt, a text (settled by Notify's look-up), or being looked up right
		// now.
		assertThat(resolve(pending, "sent", "alice").getStatus()).isEqualTo(409);
		MockHttpServletResponse smsRefused = resolve(text, "sent", "alice");
		assertThat(smsRefused.getStatus()).isEqualTo(409);
		assertThat(smsRefused.getContentAsString()).contains("a sms in doubt is settled by looking it up");
		this.jdbc.update("update outbox set lease_owner = 'node-a', lease_until = :until where id = :id",
				Map.of("id", letter, "until",
						java.time.OffsetDateTime.ofInstant(this.clock.instant().plusSeconds(60), ZoneOffset.UTC)));
		MockHttpServletResponse leased = resolve(letter, "sent", "alice");
		assertThat(leased.getStatus()).isEqualTo(409);
		assertThat(leased.getContentAsString()).contains("being looked up with its provider right now");
		this.jdbc.update("update outbox set lease_owner = null, lease_until = null where id = :id",
				Map.of("id", letter));
		assertThat(resolve(letter, "sent", "alice").getStatus()).isEqualTo(200);
		assertThat(ids(ok("/api/in-doubt", "alice"))).doesNotContain(letter, document, concern).contains(stJohns);
		assertThat(count("select count(*) from action_log where outbox_id in (:ids) and actor in ('alice', 'bob')",
				Map.of("ids", List.of(letter, document, concern))))
			.isEqualTo(3);
	}

	@Test
	void theInDoubtPageResolvesWithItsCsrfTokenAndAnOperatorsRole() throws Exception {
		long letter = propose("toolkit", toolkitPupil(), ActionKind.MIS_DOCUMENT, "pa-letter");
		long other = propose("toolkit", toolkitPupil(), ActionKind.CPOMS_CONCERN, "attendance-concern");
		leftInDoubt(letter);
		leftInDoubt(other);
		MockHttpServletResponse queue = page(get("/in-doubt"), "alice");
		assertThat(queue.getStatus()).isEqualTo(200);
		assertThat(queue.getContentAsString()).contains("href=\"/in-doubt\"")
			.contains("/in-doubt/" + letter + "/sent")
			.contains("/in-doubt/" + letter + "/not-sent")
			.contains("ab-" + letter)
			.contains("name=\"_csrf\"");
		assertThat(page(get("/"), "alice").getContentAsString()).contains("in doubt").contains("href=\"/in-doubt\"");
		MockHttpServletResponse readOnly = page(get("/in-doubt?school=st-johns"), "reader");
		assertThat(readOnly.getStatus()).isEqualTo(200);
		assertThat(readOnly.getContentAsString()).doesNotContain("/sent\"");
		assertThat(page(get("/in-doubt"), "tech").getStatus()).isEqualTo(403);

		assertThat(page(post("/in-doubt/" + letter + "/sent"), "alice").getStatus()).isEqualTo(403);
		assertThat(page(post("/in-doubt/" + letter + "/sent").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(state(letter)).isEqualTo("IN_DOUBT");
		MockHttpServletResponse done = page(post("/in-doubt/" + letter + "/sent").with(csrf()), "bob");
		assertThat(done.getStatus()).isEqualTo(302);
		assertThat(done.getRedirectedUrl()).isEqualTo("/in-doubt");
		assertThat(state(letter)).isEqualTo("SENT");
		assertThat(lastLog(letter)).startsWith("bob SENT resolved by bob");
		MockHttpServletResponse again = page(post("/in-doubt/" + letter + "/not-sent").with(csrf()), "alice");
		assertThat(again.getRedirectedUrl()).isEqualTo("/in-doubt");
		assertThat(state(letter)).isEqualTo("SENT");
		assertThat(lastLog(letter)).startsWith("bob SENT");
		assertThat(page(post("/in-doubt/" + other + "/not-sent").with(csrf()), "alice").getStatus()).isEqualTo(302);
		assertThat(state(other)).isEqualTo("RETRYABLE");
		long stJohns = propose("st-johns", firstPupil("st-johns"), ActionKind.CPOMS_CONCERN, "attendance-concern");
		leftInDoubt(stJohns);
		assertThat(page(post("/in-doubt/" + stJohns + "/sent").with(csrf()), "bob").getStatus()).isEqualTo(404);
		assertThat(state(stJohns)).isEqualTo("IN_DOUBT");
	}

	@Test
	void theReferralTrayPageMarksAPackSentWithItsCsrfTokenAndAnOperatorsRole() throws Exception {
		long referral = delivered(SampleActions.of("st-johns", firstPupil("st-johns"), "LA_TRAY",
				ActionKind.LA_REFERRAL, "la-absence-notification"), this.referralChannel);
		MockHttpServletResponse tray = page(get("/referrals?school=st-johns&state=unsent"), "alice");
		assertThat(tray.getStatus()).isEqualTo(200);
		assertThat(tray.getContentAsString()).contains("href=\"/referrals\"")
			.contains("/referrals/" + referral + "/sent")
			.contains("/referrals/" + referral + ".pdf")
			.contains("name=\"_csrf\"");
		MockHttpServletResponse pdf = page(get("/referrals/" + referral + ".pdf"), "alice");
		assertThat(pdf.getStatus()).isEqualTo(200);
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		MockHttpServletResponse readOnly = page(get("/referrals?school=st-johns"), "reader");
		assertThat(readOnly.getStatus()).isEqualTo(200);
		assertThat(readOnly.getContentAsString()).contains("referral-" + referral).doesNotContain("/sent\"");
		assertThat(page(get("/referrals"), "tech").getStatus()).isEqualTo(403);
		assertThat(page(get("/referrals/" + referral + ".pdf"), "bob").getStatus()).isEqualTo(404);

		assertThat(page(post("/referrals/" + referral + "/sent"), "alice").getStatus()).isEqualTo(403);
		assertThat(page(post("/referrals/" + referral + "/sent").with(csrf()), "reader").getStatus()).isEqualTo(403);
		assertThat(page(post("/referrals/" + referral + "/sent").with(csrf()), "bob").getStatus()).isEqualTo(404);
		MockHttpServletResponse sent = page(post("/referrals/" + referral + "/sent").with(csrf()), "alice");
		assertThat(sent.getStatus()).isEqualTo(302);
		assertThat(sent.getRedirectedUrl()).isEqualTo("/referrals");
		assertThat(page(get("/referrals?school=st-johns&state=sent"), "alice").getContentAsString())
			.contains("referral-" + referral)
			.contains(" by alice");
		assertThat(page(get("/referrals?school=st-johns&state=unsent"), "alice").getContentAsString())
			.doesNotContain("referral-" + referral);
		assertThat(page(post("/referrals/" + referral + "/sent").with(csrf()), "alice").getRedirectedUrl())
			.isEqualTo("/referrals");
		assertThat(count("select count(*) from action_log where state = 'SENT_TO_LA' and outbox_id = "
				+ "(select outbox_id from referral where id = :id)", Map.of("id", referral)))
			.isEqualTo(1);
	}

	@Test
	void thePupilPageShowsFiguresRegisterTrendAndActionsWithTheEvidencePack() throws Exception {
		String pupil = this.jdbc.queryForObject(
				"select pupil_id from outbox where school_id = 'st-johns' and rule_id = 'FIRST_DAY' limit 1", Map.of(),
				String.class);
		String path = "/schools/st-johns/pupils/" + pupil;
		MockHttpServletResponse response = page(get(path), "alice");
		assertThat(response.getStatus()).isEqualTo(200);
		String html = response.getContentAsString();
		JsonNode detail = ok("/api/schools/st-johns/pupils/" + pupil, "alice");
		assertThat(html).contains("Pupil " + pupil)
			.contains(String.format(java.util.Locale.UK, "%.1f%%", detail.get("attendancePct").asDouble()))
			.contains("<svg class=\"trend\"")
			.contains("<polyline class=\"line\"")
			// st-johns-way's levels are drawn across the trend.
			.contains("AC3 &lt; 96%")
			.contains("AC5 &lt; 90%")
			.contains("class=\"heat\"")
			.contains("2024-11-11 AM: " + todayAm(detail))
			.contains("FIRST_DAY")
			.contains(path + "/evidence.pdf");
		// A cell per mark.
		assertThat(html.split("title=\"20").length - 1).isEqualTo(detail.get("marks").size());
		// The school page links its pupils.
		assertThat(page(get("/schools/st-johns"), "alice").getContentAsString()).contains("href=\"" + path + "\"");

		MockHttpServletResponse pdf = page(get(path + "/evidence.pdf"), "alice");
		assertThat(pdf.getStatus()).isEqualTo(200);
		assertThat(pdf.getContentType()).isEqualTo("application/pdf");
		assertThat(page(get(path), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get(path + "/evidence.pdf"), "bob").getStatus()).isEqualTo(404);
		assertThat(page(get(path), "tech").getStatus()).isEqualTo(403);
		assertThat(page(get(path + "/evidence.pdf"), "tech").getStatus()).isEqualTo(403);
		assertThat(page(get("/schools/st-johns/pupils/arbor-nobody"), "alice").getStatus()).isEqualTo(404);
		MockHttpServletResponse anonymous = call(get(path), null);
		assertThat(anonymous.getStatus()).isEqualTo(302);
		assertThat(anonymous.getRedirectedUrl()).endsWith("/login");
	}

	private static String todayAm(JsonNode detail) {
		for (JsonNode mark : detail.get("marks")) {
			if (mark.get("date").asText().equals("2024-11-11") && mark.get("session").asText().equals("AM")) {
				return mark.get("code").asText() + " (";
			}
		}
		throw new AssertionError("no mark this morning");
	}

	@Test
	void theItTechnicianSeesEveryConnectorsLastPollLagErrorsAndBreaker() throws Exception {
		for (JsonNode connector : ok("/api/connectors", "tech")) {
			if (connector.get("school").asText().equals("st-johns")) {
				assertThat(connector.get("lagSeconds").asLong()).isGreaterThanOrEqualTo(0);
			}
			if (connector.get("school").asText().equals("graduated")) {
				assertThat(connector.get("lagSeconds").isNull()).isTrue();
			}
		}
		String html = page(get("/"), "tech").getContentAsString();
		assertThat(html).contains("last successful poll", "lag", "failures in a row", "last error", "breaker")
			.contains("2024-11-11 09:31:00")
			.contains("CLOSED");
		for (String school : List.of("graduated", "prevention", "st-johns", "staged", "toolkit")) {
			assertThat(html).contains("<td>" + school + "</td>");
		}
	}

}
