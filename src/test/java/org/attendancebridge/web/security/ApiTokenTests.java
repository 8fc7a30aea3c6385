package org.attendancebridge.web.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.attendancebridge.cli.Cli;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Machines' API tokens through the whole servlet stack (MockMvc) on a real database
 * filled by polling the mock MIS through the real routes: made by an IT technician with
 * one of their own roles (on the API) or by whoever runs the server (the command line),
 * used as {@code Authorization: Bearer} with a role and schools like a person's, revoked,
 * and refused when unknown or revoked. A person's state-changing request must show it is
 * no cross-site form; a token's need not. No token ever appears in a log line or in the
 * database.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"NOTIFY_TEMPLATE_ID=0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f", "NOTIFY_CALLBACK_TOKEN=" + ApiTokenTests.CALLBACK,
		"spring.main.banner-mode=off" })
@AutoConfigureMockMvc
abstract class ApiTokenTests {

	static final String PASSWORD = TestUsers.PASSWORD;

	static final String CALLBACK = "the-gateways-callback-token";

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	/** Every token this class saw, checked against every log line and the database. */
	private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

	@Autowired
	MockMvc mvc;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	ObjectMapper json;

	@Autowired
	Environment environment;

	abstract MockMis mock();

	static void properties(DynamicPropertyRegistry registry, MockMis mock) {
		PollIntegrationTests.mockProperties(registry, mock);
		registry.add("NOTIFY_BASE_URL", () -> mock.baseUrl() + "/notify");
		registry.add("NOTIFY_ALLOW_PRIVATE_NETWORK", () -> "true");
		registry.add("NOTIFY_API_KEY", () -> "attendance_bridge_test-" + MockCredentials.NOTIFY_SERVICE_ID + "-"
				+ MockCredentials.NOTIFY_SECRET_KEY);
		TestUsers.add(registry, 0, "tech", "IT_TECHNICIAN", "all");
		TestUsers.add(registry, 1, "toolkit-tech", "IT_TECHNICIAN,READ_ONLY", "toolkit");
		TestUsers.add(registry, 2, "alice", "ATTENDANCE_OFFICER", "all");
		TestUsers.add(registry, 3, "officer-tech", "IT_TECHNICIAN,ATTENDANCE_OFFICER", "all");
		TestUsers.add(registry, 4, "head-tech", "IT_TECHNICIAN,HEAD_OF_YEAR,READ_ONLY", "all");
	}

	/**
	 * For each role, an all-schools technician who also holds it: a token can have only a
	 * role its maker holds.
	 */
	private static final Map<String, String> MAKERS = Map.of("IT_TECHNICIAN", "tech", "ATTENDANCE_OFFICER",
			"officer-tech", "HEAD_OF_YEAR", "head-tech", "READ_ONLY", "head-tech");

	/**
	 * After the context started (Spring Boot resets Logback as it starts); polls once.
	 */
	@BeforeEach
	void captureLogsAndPoll() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender("api-token-capture") == null) {
			LOGS.setName("api-token-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
		for (String school : List.of("st-johns", "toolkit")) {
			if (this.jdbc.queryForObject("select count(*) from school where id = :id", Map.of("id", school),
					Long.class) == 0) {
				this.camel.sendBodyAndHeaders("direct:sync-" + school, null,
						Map.of("school", school, "mode", "REGISTER"));
			}
		}
	}

	/** No token in any log line, nor anywhere in the table that keeps them. */
	@AfterEach
	void noTokenIsLoggedOrStoredInClear() {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : List.copyOf(LOGS.list)) {
			lines.add(event.getFormattedMessage() + " " + event.getMDCPropertyMap()
					+ ((event.getThrowableProxy() == null) ? "" : " " + event.getThrowableProxy().getMessage()));
		}
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from api_token", Map.of());
		for (String secret : SECRETS) {
			assertThat(lines).noneMatch((line) -> line.contains(secret));
			assertThat(rows.toString()).doesNotContain(secret);
		}
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	// --- helpers ---

	private MockHttpServletResponse as(String user, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(httpBasic(user, PASSWORD))).andReturn().getResponse();
	}

	private MockHttpServletResponse bearer(String token, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
	}

	private JsonNode body(MockHttpServletResponse response) throws Exception {
		return this.json.readTree(response.getContentAsString());
	}

	/**
	 * A body-less POST as a script sends it, with the header a cross-site form cannot.
	 */
	private static MockHttpServletRequestBuilder scripted(String path) {
		return post(path).header(CrossSiteFormGuard.HEADER, "XMLHttpRequest");
	}

	private MockHttpServletResponse make(String by, String name, String role, String... schools) throws Exception {
		return as(by, post("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(Map.of("name", name, "role", role, "schools", List.of(schools)))));
	}

	/** A token made by an all-schools technician holding its role; its secret. */
	private String token(String name, String role, String... schools) throws Exception {
		MockHttpServletResponse made = make(MAKERS.get(role), name, role, schools);
		assertThat(made.getStatus()).as(made.getContentAsString()).isEqualTo(201);
		String secret = body(made).get("token").asText();
		SECRETS.add(secret);
		return secret;
	}

	private List<String> logLines() {
		return List.copyOf(LOGS.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	private long tokenId(String name) {
		return this.jdbc.queryForObject("select id from api_token where name = :name", Map.of("name", name),
				Long.class);
	}

	// --- tests ---

	@Test
	void aTokenIsShownOnceAndKeptOnlyAsItsHash() throws Exception {
		MockHttpServletResponse made = make("head-tech", "register-feed", "READ_ONLY", "st-johns");
		assertThat(made.getStatus()).isEqualTo(201);
		JsonNode token = body(made);
		String secret = token.get("token").asText();
		SECRETS.add(secret);
		assertThat(secret).startsWith("abt_").hasSizeGreaterThan(40);
		assertThat(token.get("name").asText()).isEqualTo("register-feed");
		assertThat(token.get("role").asText()).isEqualTo("READ_ONLY");
		assertThat(token.get("schools")).extracting(JsonNode::asText).containsExactly("st-johns");
		assertThat(token.get("createdBy").asText()).isEqualTo("head-tech");
		assertThat(token.get("revokedAt").isNull()).isTrue();

		Map<String, Object> row = this.jdbc.queryForMap("select * from api_token where name = 'register-feed'",
				Map.of());
		assertThat(row.get("token_hash")).isEqualTo(ApiTokenSecret.hash(secret));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(secret));

		JsonNode listed = body(as("tech", get("/api/tokens")));
		JsonNode entry = null;
		for (JsonNode each : listed) {
			assertThat(each.has("token")).isFalse();
			if (each.get("name").asText().equals("register-feed")) {
				entry = each;
			}
		}
		assertThat(entry).isNotNull();
		assertThat(entry.get("id").asLong()).isEqualTo(token.get("id").asLong());

		// It works, and its first use is noted in the listing.
		assertThat(bearer(secret, get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select last_used_at from api_token where name = 'register-feed'", Map.of(),
				Object.class))
			.isNotNull();
		assertThat(logLines()).anyMatch((line) -> line.equals("API token 'register-feed' (id "
				+ token.get("id").asLong() + ") made by head-tech: role READ_ONLY, schools st-johns"));
	}

	@Test
	void eachRoleDoesWhatItsRoleAllowsAndNoMore() throws Exception {
		String reader = token("role-reader", "READ_ONLY", "st-johns");
		String officer = token("role-officer", "ATTENDANCE_OFFICER", "st-johns");
		String head = token("role-head", "HEAD_OF_YEAR", "st-johns");
		String it = token("role-it", "IT_TECHNICIAN", "st-johns");

		for (String pupils : List.of(reader, officer, head)) {
			assertThat(bearer(pupils, get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(200);
			assertThat(bearer(pupils, get("/actuator/metrics")).getStatus()).isEqualTo(403);
		}
		assertThat(bearer(it, get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(403);
		assertThat(bearer(it, get("/api/actions")).getStatus()).isEqualTo(403);
		assertThat(bearer(it, get("/api/connectors")).getStatus()).isEqualTo(200);
		assertThat(bearer(it, get("/actuator/metrics")).getStatus()).isEqualTo(200);
		assertThat(body(bearer(it, get("/actuator/health"))).has("components")).isTrue();

		// Steering dispatch: the officer and the head of year get past security to the
		// action itself (which does not exist); the reader and IT are refused.
		for (String operator : List.of(officer, head)) {
			MockHttpServletResponse approve = bearer(operator, post("/api/actions/999999/approve"));
			assertThat(approve.getStatus()).isEqualTo(404);
			assertThat(body(approve).get("message").asText()).isEqualTo("no action 999999");
		}
		assertThat(bearer(reader, post("/api/actions/999999/approve")).getStatus()).isEqualTo(403);
		assertThat(bearer(it, post("/api/actions/999999/replay")).getStatus()).isEqualTo(403);

		// A token never makes, lists or revokes tokens, whatever its role.
		assertThat(bearer(it, get("/api/tokens")).getStatus()).isEqualTo(403);
		assertThat(bearer(it,
				post("/api/tokens").contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":\"minted\",\"role\":\"IT_TECHNICIAN\",\"schools\":[\"all\"]}"))
			.getStatus()).isEqualTo(403);
		assertThat(logLines()).contains("Access denied: user token:role-reader, /api/actions/999999/approve",
				"Access denied: user token:role-it, /api/tokens");
	}

	@Test
	void aTokenSeesOnlyItsSchools() throws Exception {
		String toolkit = token("toolkit-only", "ATTENDANCE_OFFICER", "toolkit");
		JsonNode schools = body(bearer(toolkit, get("/api/schools")));
		assertThat(schools).extracting((school) -> school.get("id").asText()).containsExactly("toolkit");
		assertThat(bearer(toolkit, get("/api/schools/toolkit/pupils")).getStatus()).isEqualTo(200);

		MockHttpServletResponse stJohns = bearer(toolkit, get("/api/schools/st-johns/pupils"));
		assertThat(stJohns.getStatus()).isEqualTo(404);
		assertThat(body(stJohns).get("message").asText()).contains("st-johns");
		assertThat(bearer(toolkit, get("/api/actions?school=st-johns")).getStatus()).isEqualTo(404);
		JsonNode actions = body(bearer(toolkit, get("/api/actions")));
		assertThat(actions).allMatch((action) -> action.get("school").asText().equals("toolkit"));
		assertThat(logLines())
			.contains("Access denied: user token:toolkit-only, school st-johns is outside their schools");
	}

	@Test
	void aRevokedOrUnknownTokenIsRefusedAndEachRefusalLogged() throws Exception {
		String secret = token("to-revoke", "READ_ONLY", "st-johns");
		assertThat(bearer(secret, get("/api/schools")).getStatus()).isEqualTo(200);
		long id = tokenId("to-revoke");

		MockHttpServletResponse revoked = as("tech", scripted("/api/tokens/" + id + "/revoke"));
		assertThat(revoked.getStatus()).isEqualTo(200);
		assertThat(body(revoked).get("revokedBy").asText()).isEqualTo("tech");
		assertThat(body(revoked).get("revokedAt").isNull()).isFalse();
		assertThat(as("tech", scripted("/api/tokens/" + id + "/revoke")).getStatus()).isEqualTo(409);

		MockHttpServletResponse refused = bearer(secret, get("/api/schools"));
		assertThat(refused.getStatus()).isEqualTo(401);
		assertThat(refused.getHeader("WWW-Authenticate")).contains("Bearer").contains("invalid_token");
		assertThat(body(refused).get("message").asText()).isEqualTo("the API token is unknown or revoked");

		String unknown = "abt_" + "x".repeat(43);
		SECRETS.add(unknown);
		assertThat(bearer(unknown, get("/api/schools")).getStatus()).isEqualTo(401);
		assertThat(bearer("", get("/api/schools")).getStatus()).isEqualTo(401);
		// A refused token is not let through as anonymous to public paths either.
		assertThat(bearer(unknown, get("/actuator/health")).getStatus()).isEqualTo(401);

		assertThat(logLines())
			.anyMatch((line) -> line.startsWith("API token refused: API token 'to-revoke' (id " + id + "), revoked at ")
					&& line.endsWith(" by tech"))
			.contains("API token refused: an unknown API token",
					"API token 'to-revoke' (id " + id + ") revoked by tech");
	}

	@Test
	void anItTechnicianMakesTokensOnlyWithinTheirSchools() throws Exception {
		String stJohns = token("st-johns-feed", "READ_ONLY", "st-johns");
		assertThat(make("toolkit-tech", "reach", "READ_ONLY", "st-johns").getStatus()).isEqualTo(400);
		assertThat(make("toolkit-tech", "reach-all", "READ_ONLY", "all").getStatus()).isEqualTo(400);
		MockHttpServletResponse own = make("toolkit-tech", "toolkit-feed", "READ_ONLY", "toolkit");
		assertThat(own.getStatus()).isEqualTo(201);
		SECRETS.add(body(own).get("token").asText());

		JsonNode listed = body(as("toolkit-tech", get("/api/tokens")));
		assertThat(listed).extracting((token) -> token.get("name").asText())
			.contains("toolkit-feed")
			.doesNotContain("st-johns-feed");
		assertThat(as("toolkit-tech", scripted("/api/tokens/" + tokenId("st-johns-feed") + "/revoke")).getStatus())
			.isEqualTo(404);
		assertThat(bearer(stJohns, get("/api/schools")).getStatus()).isEqualTo(200);

		// Only an IT technician makes tokens; bad requests name the field.
		assertThat(make("alice", "officer-made", "READ_ONLY", "toolkit").getStatus()).isEqualTo(403);
		assertThat(body(make("tech", "bad-role", "ADMIN", "toolkit")).get("message").asText())
			.startsWith("role: 'ADMIN' is not one of");
		assertThat(body(make("tech", "st-johns-feed", "IT_TECHNICIAN", "toolkit")).get("message").asText())
			.isEqualTo("name: an API token named 'st-johns-feed' exists already (names are never reused)");
		assertThat(body(make("tech", "no spaces", "IT_TECHNICIAN", "toolkit")).get("message").asText())
			.startsWith("name: 'no spaces'");
		assertThat(body(make("tech", "nowhere", "IT_TECHNICIAN", "atlantis")).get("message").asText())
			.isEqualTo("schools: no school 'atlantis'");
		assertThat(body(make("tech", "mixed", "IT_TECHNICIAN", "all", "toolkit")).get("message").asText())
			.isEqualTo("schools: 'all' stands alone, not beside other schools");
		assertThat(make("tech", "nothing", "IT_TECHNICIAN").getStatus()).isEqualTo(400);
	}

	@Test
	void aTokensRoleMustBeOneItsMakerHolds() throws Exception {
		// An IT technician sees no pupils, and cannot mint a token that does.
		assertThat(as("tech", get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(403);
		MockHttpServletResponse refused = make("tech", "pupil-reach", "ATTENDANCE_OFFICER", "st-johns");
		assertThat(refused.getStatus()).isEqualTo(403);
		assertThat(body(refused).get("message").asText())
			.isEqualTo("role: you do not hold ATTENDANCE_OFFICER, and a token may have only a role its maker holds "
					+ "(yours: [IT_TECHNICIAN])");
		for (String role : List.of("HEAD_OF_YEAR", "READ_ONLY")) {
			assertThat(make("tech", "pupil-reach-" + role.toLowerCase(java.util.Locale.ROOT), role, "st-johns")
				.getStatus()).as(role).isEqualTo(403);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from api_token where name like 'pupil-reach%'", Map.of(),
				Long.class))
			.isZero();
		assertThat(logLines()).contains("Access denied: user tech may not make an API token with role "
				+ "ATTENDANCE_OFFICER, a role they do not hold");

		// A technician who is also an attendance officer gives a token that role, and no
		// other they lack.
		MockHttpServletResponse officer = make("officer-tech", "officer-feed", "attendance_officer", "st-johns");
		assertThat(officer.getStatus()).as(officer.getContentAsString()).isEqualTo(201);
		String secret = body(officer).get("token").asText();
		SECRETS.add(secret);
		assertThat(body(officer).get("role").asText()).isEqualTo("ATTENDANCE_OFFICER");
		assertThat(bearer(secret, get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(200);
		assertThat(body(make("officer-tech", "officer-head", "HEAD_OF_YEAR", "st-johns")).get("message").asText())
			.isEqualTo("role: you do not hold HEAD_OF_YEAR, and a token may have only a role its maker holds "
					+ "(yours: [ATTENDANCE_OFFICER, IT_TECHNICIAN])");
		MockHttpServletResponse it = make("officer-tech", "officer-it", "IT_TECHNICIAN", "all");
		assertThat(it.getStatus()).isEqualTo(201);
		SECRETS.add(body(it).get("token").asText());

		// The role is checked before the schools: a role not held is refused whatever the
		// schools.
		assertThat(make("toolkit-tech", "toolkit-officer", "ATTENDANCE_OFFICER", "st-johns").getStatus())
			.isEqualTo(403);
	}

	@Test
	void aPersonsStateChangingRequestMustBeJsonOrCarryXRequestedWith() throws Exception {
		String officerToken = token("guard-officer", "ATTENDANCE_OFFICER", "st-johns");

		// What a form on another site could send with the browser's cached login:
		// refused.
		MockHttpServletResponse bare = as("alice", post("/api/actions/999999/approve"));
		assertThat(bare.getStatus()).isEqualTo(403);
		assertThat(bare.getContentType()).startsWith("application/json");
		assertThat(body(bare).get("message").asText()).isEqualTo("a POST to /api/actions/999999/approve with a "
				+ "login needs Content-Type: application/json or the header X-Requested-With (any value, e.g. "
				+ "X-Requested-With: XMLHttpRequest), which a form on another site cannot send; an API token "
				+ "(Authorization: Bearer) needs neither");
		for (String formType : List.of(MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.TEXT_PLAIN_VALUE,
				MediaType.MULTIPART_FORM_DATA_VALUE)) {
			assertThat(
					as("alice", post("/api/actions/999999/approve").contentType(formType).content("a=b")).getStatus())
				.as(formType)
				.isEqualTo(403);
		}
		assertThat(as("alice", post("/api/tasks/999999/complete").contentType(MediaType.TEXT_PLAIN)
			.content("{\"outcome\":\"Visited\"}")).getStatus()).isEqualTo(403);
		assertThat(as("tech", post("/api/tokens/999999/revoke")).getStatus()).isEqualTo(403);
		assertThat(logLines()).contains("Access denied: user alice, POST /api/actions/999999/approve without "
				+ "Content-Type: application/json or X-Requested-With");

		// What a script or a program sends: let through to the action itself (which does
		// not exist).
		MockHttpServletResponse scripted = as("alice", scripted("/api/actions/999999/approve"));
		assertThat(scripted.getStatus()).isEqualTo(404);
		assertThat(body(scripted).get("message").asText()).isEqualTo("no action 999999");
		assertThat(as("alice",
				post("/api/actions/999999/replay").contentType("application/json;charset=UTF-8").content("{}"))
			.getStatus()).isEqualTo(404);
		assertThat(as("alice", post("/api/referrals/999999/sent").contentType(MediaType.APPLICATION_JSON)).getStatus())
			.isEqualTo(404);
		assertThat(as("tech", scripted("/api/tokens/999999/revoke")).getStatus()).isEqualTo(404);

		// A bearer token is never sent by a browser on its own: it needs neither.
		assertThat(bearer(officerToken, post("/api/actions/999999/approve")).getStatus()).isEqualTo(404);
		// Without credentials it is still a 401, and a role without the right still a
		// 403.
		assertThat(this.mvc.perform(post("/api/actions/999999/approve")).andReturn().getResponse().getStatus())
			.isEqualTo(401);
		assertThat(as("tech", post("/api/actions/999999/approve")).getStatus()).isEqualTo(403);
		assertThat(logLines()).contains("Access denied: user tech, /api/actions/999999/approve");
		// Reading needs nothing more.
		assertThat(as("alice", get("/api/actions")).getStatus()).isEqualTo(200);
	}

	@Test
	void theGatewaysCallbackKeepsItsOwnToken() throws Exception {
		String it = token("callback-prober", "IT_TECHNICIAN", "all");
		String receipt = "{\"id\":\"5c1e2b1e-0000-4000-8000-000000000001\",\"reference\":\"ab-0\","
				+ "\"status\":\"delivered\"}";
		MockHttpServletResponse withApiToken = bearer(it,
				post("/callbacks/notify").contentType(MediaType.APPLICATION_JSON).content(receipt));
		assertThat(withApiToken.getStatus()).isEqualTo(401);
		assertThat(body(withApiToken).get("message").asText()).isEqualTo("a receipt needs the callback's bearer token");
		MockHttpServletResponse withItsOwn = bearer(CALLBACK,
				post("/callbacks/notify").contentType(MediaType.APPLICATION_JSON).content(receipt));
		assertThat(withItsOwn.getStatus()).isEqualTo(200);
		// ...and the callback's token opens nothing on the API.
		assertThat(bearer(CALLBACK, get("/api/schools")).getStatus()).isEqualTo(401);
	}

	/**
	 * The command line is for whoever runs the server, who has the database anyway: it
	 * gives any role.
	 */
	@Test
	void aTokenMadeOnTheCommandLineWorksUntilRevokedThere() throws Exception {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		Level rootLevel = root.getLevel();
		try {
			Run made = cli("token", "create", "--name", "cli-feed", "--role", "head_of_year", "--schools",
					"toolkit,st-johns");
			assertThat(made.status()).as(made.err()).isZero();
			String secret = made.out().strip();
			SECRETS.add(secret);
			assertThat(secret).startsWith("abt_").doesNotContain("\n");
			assertThat(made.err()).contains("API token 'cli-feed'", "role HEAD_OF_YEAR", "schools toolkit,st-johns");
			assertThat(bearer(secret, get("/api/schools/st-johns/pupils")).getStatus()).isEqualTo(200);

			Run listed = cli("token", "list");
			assertThat(listed.status()).isZero();
			assertThat(listed.out()).contains("cli-feed").doesNotContain(secret);

			Run bad = cli("token", "create", "--name", "cli-bad", "--role", "HEAD", "--schools", "toolkit");
			assertThat(bad.status()).isEqualTo(2);
			assertThat(bad.err()).startsWith("token create: --role: 'HEAD' is not one of");
			assertThat(bad.out()).isEmpty();

			Run revoked = cli("token", "revoke", "--id", Long.toString(tokenId("cli-feed")));
			assertThat(revoked.status()).as(revoked.err()).isZero();
			assertThat(bearer(secret, get("/api/schools")).getStatus()).isEqualTo(401);
			assertThat(cli("token", "revoke", "--id", Long.toString(tokenId("cli-feed"))).status()).isEqualTo(1);
		}
		finally {
			// The command's own Spring start sets the root level for its quiet output.
			root.setLevel(rootLevel);
		}
	}

	record Run(int status, String out, String err) {
	}

	private Run cli(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		for (String property : Set.of("url", "username", "password")) {
			String value = this.environment.getProperty("spring.datasource." + property);
			if (value != null) {
				all.add("--spring.datasource." + property + "=" + value);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Cli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

}
