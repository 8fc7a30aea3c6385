package org.attendancebridge.web.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.attendancebridge.cli.Cli;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.web.security.ApiTokenStore;
import org.attendancebridge.web.security.TestUsers;
import org.attendancebridge.web.security.TokensBeyondTheirMakers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's API tokens page over real HTTP, against the adapter on a random port
 * and a real database, as a browser uses it: a person logs in with the form, and every
 * POST carries the CSRF token of the page it came from. An IT technician who is also an
 * attendance officer makes a token with one of their roles, sees it once, uses it on the
 * API and revokes it; anyone else is kept out. A logged-in session opens nothing on the
 * API, and a login there changes nothing without the header a cross-site form cannot
 * send.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
				"spring.main.banner-mode=off" })
abstract class TokenPagesTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern SECRET = Pattern.compile("abt_[A-Za-z0-9_-]{43}");

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	/** Every token this class saw, checked against every log line. */
	private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

	/** The mock and the people; each database's subclass adds its data source. */
	static void properties(DynamicPropertyRegistry registry, MockMis mock) {
		PollIntegrationTests.mockProperties(registry, mock);
		TestUsers.add(registry, 0, "officer-tech", "IT_TECHNICIAN,ATTENDANCE_OFFICER", "all");
		TestUsers.add(registry, 1, "toolkit-tech", "IT_TECHNICIAN", "toolkit");
		TestUsers.add(registry, 2, "alice", "ATTENDANCE_OFFICER", "all");
	}

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	ApiTokenStore tokens;

	@Autowired
	TokensBeyondTheirMakers beyond;

	/**
	 * After the context started (Spring Boot resets Logback as it starts); polls once.
	 */
	@BeforeEach
	void captureLogsAndPoll() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender("token-pages-capture") == null) {
			LOGS.setName("token-pages-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
		if (this.jdbc.queryForObject("select count(*) from school where id = 'st-johns'", Map.of(), Long.class) == 0) {
			this.camel.sendBodyAndHeaders("direct:sync-st-johns", null,
					Map.of("school", "st-johns", "mode", "REGISTER"));
		}
	}

	@AfterEach
	void noTokenIsLogged() {
		List<String> lines = List.copyOf(LOGS.list)
			.stream()
			.map((event) -> event.getFormattedMessage() + " " + event.getMDCPropertyMap())
			.toList();
		for (String secret : SECRETS) {
			assertThat(lines).noneMatch((line) -> line.contains(secret));
		}
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	record Listed(int status, String out, String err) {
	}

	/** {@code token list} on this test's database, with or without its users. */
	private Listed tokenList(boolean withUsers) {
		List<String> args = new ArrayList<>(List.of("token", "list"));
		for (String property : List.of("url", "username", "password")) {
			String value = this.environment.getProperty("spring.datasource." + property);
			if (value != null) {
				args.add("--spring.datasource." + property + "=" + value);
			}
		}
		for (int user = 0; withUsers && this.environment.containsProperty(userProperty(user, "name")); user++) {
			for (String field : List.of("name", "password-hash", "roles", "schools")) {
				args.add("--" + userProperty(user, field) + "="
						+ this.environment.getProperty(userProperty(user, field)));
			}
		}
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		Level rootLevel = root.getLevel();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try {
			int status = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Listed(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		finally {
			// The command's own Spring start sets the root level for its quiet output.
			root.setLevel(rootLevel);
		}
	}

	private static String userProperty(int user, String field) {
		return "attendance-bridge.users[" + user + "]." + field;
	}

	// --- a person with a browser's cookie jar ---

	/** One person's browser: cookies kept, redirects not followed (they are asserted). */
	private final class Person {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return send(request(path).GET());
		}

		/** The form's POST with the CSRF token of the page it is on. */
		HttpResponse<String> submit(String page, String action, Map<String, List<String>> fields)
				throws IOException, InterruptedException {
			HttpResponse<String> shown = get(page);
			Matcher csrf = CSRF.matcher(shown.body());
			assertThat(csrf.find()).as("a CSRF token on " + page).isTrue();
			Map<String, List<String>> all = new java.util.LinkedHashMap<>(fields);
			all.put("_csrf", List.of(csrf.group(1)));
			return post(action, all);
		}

		/** A POST without the page's CSRF token, as another site would send it. */
		HttpResponse<String> post(String path, Map<String, List<String>> fields)
				throws IOException, InterruptedException {
			String body = fields.entrySet()
				.stream()
				.flatMap((field) -> field.getValue()
					.stream()
					.map((value) -> encode(field.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
			return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(URI.create("http://localhost:" + TokenPagesTests.this.port + path))
				.timeout(Duration.ofSeconds(30));
		}

	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private Person logIn(String user) throws IOException, InterruptedException {
		Person person = new Person();
		HttpResponse<String> login = person.submit("/login", "/login",
				Map.of("username", List.of(user), "password", List.of(TestUsers.PASSWORD)));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/"));
		return person;
	}

	private HttpResponse<String> bearer(String token, String path) throws IOException, InterruptedException {
		Person machine = new Person();
		return machine.send(machine.request(path).header("Authorization", "Bearer " + token).GET());
	}

	private static Map<String, List<String>> token(String name, String role, String... schools) {
		return Map.of("name", List.of(name), "role", List.of(role), "schools", List.of(schools));
	}

	private long tokenId(String name) {
		return this.jdbc.queryForObject("select id from api_token where name = :name", Map.of("name", name),
				Long.class);
	}

	/** The table row of a token on the page, as its text without tags. */
	private static String row(String page, long id) {
		int start = page.indexOf("<tr id=\"token-" + id + "\"");
		assertThat(start).as("token " + id + " is listed").isNotNegative();
		return page.substring(start, page.indexOf("</tr>", start)).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
	}

	// --- tests ---

	@Test
	void anItTechnicianMakesATokenWithOneOfTheirRolesSeesItOnceAndRevokesIt() throws Exception {
		Person tech = logIn("officer-tech");
		String home = tech.get("/").body();
		assertThat(home).contains("href=\"/tokens\"");

		HttpResponse<String> page = tech.get("/tokens");
		assertThat(page.statusCode()).isEqualTo(200);
		// Only the roles the technician holds are offered.
		assertThat(page.body()).contains("<option value=\"ATTENDANCE_OFFICER\">", "<option value=\"IT_TECHNICIAN\">")
			.doesNotContain("value=\"HEAD_OF_YEAR\"", "value=\"READ_ONLY\"")
			.contains("value=\"all\"", "value=\"st-johns\"", "value=\"toolkit\"");

		HttpResponse<String> made = tech.submit("/tokens", "/tokens",
				token("register-page", "ATTENDANCE_OFFICER", "st-johns"));
		assertThat(made.statusCode()).isEqualTo(200);
		assertThat(made.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
		Matcher shown = SECRET.matcher(made.body());
		assertThat(shown.find()).as(made.body()).isTrue();
		String secret = shown.group();
		SECRETS.add(secret);
		long id = tokenId("register-page");
		assertThat(made.body()).contains(
				"API token register-page (id " + id + "): role ATTENDANCE_OFFICER, schools st-johns.",
				"shown this once");
		assertThat(this.jdbc.queryForList("select * from api_token where id = :id", Map.of("id", id)).toString())
			.doesNotContain(secret);

		// The token works on the API, as an attendance officer of St John's only.
		HttpResponse<String> pupils = bearer(secret, "/api/schools/st-johns/pupils");
		assertThat(pupils.statusCode()).isEqualTo(200);
		assertThat(pupils.body()).contains("\"pupilId\"");
		assertThat(bearer(secret, "/api/schools/toolkit/pupils").statusCode()).isEqualTo(404);

		// Listed, never shown again.
		String listed = tech.get("/tokens").body();
		assertThat(listed).doesNotContain(secret);
		assertThat(row(listed, id)).contains("register-page", "ATTENDANCE_OFFICER", "st-johns", "by officer-tech")
			.doesNotContain("never")
			.contains("—");
		assertThat(listed).contains("action=\"/tokens/" + id + "/revoke\"");

		HttpResponse<String> revoked = tech.submit("/tokens", "/tokens/" + id + "/revoke", Map.of());
		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(revoked.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/tokens"));
		String after = tech.get("/tokens").body();
		assertThat(after).contains("API token &#39;register-page&#39; (id " + id + ") revoked")
			.doesNotContain("action=\"/tokens/" + id + "/revoke\"");
		assertThat(row(after, id)).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d by officer-tech");
		assertThat(bearer(secret, "/api/schools").statusCode()).isEqualTo(401);
		// A second click, from a page left open, is refused saying when and by whom.
		HttpResponse<String> again = tech.post("/tokens/" + id + "/revoke", Map.of("_csrf", List.of(csrfOf(listed))));
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(tech.get("/tokens").body()).contains("API token " + id + " was revoked at ")
			.contains(" by officer-tech");
		assertThat(LOGS.list.stream().map(ILoggingEvent::getFormattedMessage))
			.contains("API token 'register-page' (id " + id + ") revoked by officer-tech");
	}

	private static String csrfOf(String page) {
		Matcher csrf = CSRF.matcher(page);
		assertThat(csrf.find()).isTrue();
		return csrf.group(1);
	}

	@Test
	void aRefusedTokenIsExplainedOnThePageAndNothingIsMade() throws Exception {
		Person tech = logIn("officer-tech");
		HttpResponse<String> role = tech.submit("/tokens", "/tokens", token("head-page", "HEAD_OF_YEAR", "st-johns"));
		assertThat(role.statusCode()).isEqualTo(403);
		assertThat(role.body())
			.contains("role: you do not hold HEAD_OF_YEAR, and a token may have only a role its "
					+ "maker holds (yours: [ATTENDANCE_OFFICER, IT_TECHNICIAN])")
			.contains("value=\"head-page\"");
		HttpResponse<String> name = tech.submit("/tokens", "/tokens", token("no spaces", "IT_TECHNICIAN", "st-johns"));
		assertThat(name.statusCode()).isEqualTo(400);
		assertThat(name.body()).contains("name: &#39;no spaces&#39; is not 1 to 64 letters")
			.contains("value=\"no spaces\"");
		HttpResponse<String> none = tech.submit("/tokens", "/tokens",
				Map.of("name", List.of("no-schools"), "role", List.of("IT_TECHNICIAN")));
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("schools: missing (school ids, or all)");
		assertThat(SECRET.matcher(role.body() + name.body() + none.body()).find()).isFalse();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from api_token where name in ('head-page', 'no spaces', 'no-schools')", Map.of(),
				Long.class))
			.isZero();

		// Without the page's CSRF token, as from another site: refused, nothing made.
		assertThat(tech.post("/tokens", token("forged", "IT_TECHNICIAN", "all")).statusCode()).isEqualTo(403);
		assertThat(
				this.jdbc.queryForObject("select count(*) from api_token where name = 'forged'", Map.of(), Long.class))
			.isZero();
	}

	@Test
	void onlyAnItTechnicianHasThePageAndOnlyForTheirSchools() throws Exception {
		Person officer = logIn("alice");
		assertThat(officer.get("/").body()).doesNotContain("href=\"/tokens\"");
		assertThat(officer.get("/tokens").statusCode()).isEqualTo(403);
		assertThat(officer.submit("/", "/tokens", token("officer-page", "ATTENDANCE_OFFICER", "all")).statusCode())
			.isEqualTo(403);

		Person allSchools = logIn("officer-tech");
		HttpResponse<String> stJohns = allSchools.submit("/tokens", "/tokens",
				token("st-johns-page", "IT_TECHNICIAN", "st-johns"));
		assertThat(stJohns.statusCode()).isEqualTo(200);
		Matcher shown = SECRET.matcher(stJohns.body());
		assertThat(shown.find()).isTrue();
		SECRETS.add(shown.group());
		long id = tokenId("st-johns-page");

		Person toolkit = logIn("toolkit-tech");
		String page = toolkit.get("/tokens").body();
		assertThat(page).doesNotContain("st-johns-page", "value=\"all\"", "value=\"st-johns\"")
			.contains("value=\"toolkit\"");
		HttpResponse<String> reach = toolkit.submit("/tokens", "/tokens/" + id + "/revoke", Map.of());
		assertThat(reach.statusCode()).isEqualTo(404);
		assertThat(reach.body()).contains("no API token " + id);
		assertThat(this.jdbc.queryForObject("select revoked_at from api_token where id = :id", Map.of("id", id),
				Object.class))
			.isNull();
	}

	@Test
	void aTokenWhoseRoleItsMakerDoesNotHoldIsPointedOutInTheLogAndOnThePage() throws Exception {
		// As a technician could make before a token's role had to be its maker's.
		this.tokens.create("old-officer-feed", "ATTENDANCE_OFFICER", List.of("toolkit"), "toolkit-tech");
		this.tokens.create("gone-maker-feed", "READ_ONLY", List.of("toolkit"), "someone-who-left");
		this.tokens.create("own-role-feed", "IT_TECHNICIAN", List.of("toolkit"), "toolkit-tech");
		this.tokens.create("operator-feed", "ATTENDANCE_OFFICER", List.of("toolkit"), ApiTokenStore.COMMAND_LINE);
		LOGS.list.clear();

		this.beyond.report();

		List<String> warnings = List.copyOf(LOGS.list)
			.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((line) -> line.startsWith("API token "))
			.toList();
		assertThat(warnings).hasSize(2)
			.anySatisfy((line) -> assertThat(line).contains("'old-officer-feed' has role ATTENDANCE_OFFICER",
					"its maker toolkit-tech does not hold ATTENDANCE_OFFICER", "revoke it and make it again"))
			.anySatisfy((line) -> assertThat(line).contains("'gone-maker-feed'",
					"its maker someone-who-left is no longer a configured user"));

		String page = logIn("toolkit-tech").get("/tokens").body();
		assertThat(row(page, tokenId("old-officer-feed"))).contains("role not held by its maker");
		assertThat(row(page, tokenId("gone-maker-feed"))).contains("role not held by its maker",
				"no longer a configured user");
		assertThat(row(page, tokenId("own-role-feed"))).doesNotContain("role not held");
		assertThat(row(page, tokenId("operator-feed"))).doesNotContain("role not held");

		// And by `token list`, given the server's users; without them it checks no maker.
		Listed listed = tokenList(true);
		assertThat(listed.status()).as(listed.err()).isZero();
		assertThat(listed.out().lines().filter((line) -> line.startsWith("! API token "))).containsExactlyInAnyOrder(
				"! API token " + tokenId("old-officer-feed") + " goes beyond its maker: its maker toolkit-tech "
						+ "does not hold ATTENDANCE_OFFICER: revoke it and make it again",
				"! API token " + tokenId("gone-maker-feed") + " goes beyond its maker: its maker someone-who-left "
						+ "is no longer a configured user: revoke it and make it again");
		Listed withoutUsers = tokenList(false);
		assertThat(withoutUsers.status()).isZero();
		assertThat(withoutUsers.out()).contains("old-officer-feed").doesNotContain("! API token");
		assertThat(withoutUsers.err()).startsWith("token list: makers not checked: no users are configured here");

		// Revoked, it is no longer pointed out.
		this.tokens.revoke(tokenId("old-officer-feed"), "toolkit-tech");
		assertThat(row(logIn("toolkit-tech").get("/tokens").body(), tokenId("old-officer-feed")))
			.doesNotContain("role not held");
	}

	@Test
	void aLoginChangesNothingOnTheApiWithoutWhatACrossSiteFormCannotSend() throws Exception {
		Person machine = new Person();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString(("alice:" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));

		// What a form on another site could make a browser send with its cached login.
		HttpResponse<String> form = machine.send(machine.request("/api/actions/999999/approve")
			.header("Authorization", basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("")));
		assertThat(form.statusCode()).isEqualTo(403);
		assertThat(form.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(form.body()).contains("needs Content-Type: application/json or the header X-Requested-With");

		HttpResponse<String> scripted = machine.send(machine.request("/api/actions/999999/approve")
			.header("Authorization", basic)
			.header("X-Requested-With", "XMLHttpRequest")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(scripted.statusCode()).isEqualTo(404);
		assertThat(scripted.body()).contains("no action 999999");

		// The dashboard's session is no login on the API, header or not.
		Person officer = logIn("alice");
		assertThat(officer.get("/approvals").statusCode()).isEqualTo(200);
		HttpResponse<String> withSession = officer.send(officer.request("/api/actions/999999/approve")
			.header("X-Requested-With", "XMLHttpRequest")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(withSession.statusCode()).isEqualTo(401);
		assertThat(officer.get("/api/schools").statusCode()).isEqualTo(401);

		List<String> refusals = new ArrayList<>();
		LOGS.list.forEach((event) -> refusals.add(event.getFormattedMessage()));
		assertThat(refusals).contains("Access denied: user alice, POST /api/actions/999999/approve without "
				+ "Content-Type: application/json or X-Requested-With");
	}

}
