package org.attendancebridge.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.policy.LevelRule;
import org.attendancebridge.policy.Policy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A school's overview over real HTTP: pupils by stage with each level's RAG, the stage
 * movements of this week, the Red 10 of each year group and persistent and severe absence
 * week by week, in the API and on the school's page, against a database filled by polling
 * the mock MIS through the real routes on a Thursday afternoon. Every figure is held
 * against one worked out here from the stored marks, or against the pupils' standings
 * replayed to each day of the week.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
				"spring.main.banner-mode=off" })
abstract class SchoolOverviewTests {

	/** Thursday of the week after half term, after the afternoon register. */
	static final LocalDate TODAY = LocalDate.of(2024, 11, 14);

	static final LocalTime NOW = LocalTime.of(16, 0);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final Map<Class<?>, Boolean> POLLED = new HashMap<>();

	@LocalServerPort
	int port;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	PolicyCatalog policies;

	@Autowired
	ObjectMapper json;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	abstract MockMis mock();

	/** Once per database: St John's and the Wonde school polled on Thursday afternoon. */
	@BeforeEach
	void pollOnce() {
		synchronized (POLLED) {
			if (POLLED.putIfAbsent(getClass(), true) == null) {
				mock().clock().set(MockClock.at(TODAY, NOW), 0);
				for (String school : List.of("st-johns", "toolkit")) {
					this.camel.sendBodyAndHeaders("direct:sync-" + school, null,
							Map.of("school", school, "mode", "REGISTER"));
				}
			}
		}
	}

	private HttpResponse<String> api(String path, String user) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (user != null) {
			String basic = user + ":" + ApiTests.PASSWORD;
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode ok(String path, String user) throws IOException, InterruptedException {
		HttpResponse<String> response = api(path, user);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		return this.json.readTree(response.body());
	}

	private Policy policy(String id) {
		return this.policies.find(id).orElseThrow();
	}

	/**
	 * Each pupil's stage in the API's pupil list with the school's clock at that time.
	 */
	private Map<String, String> stagesAt(LocalDate date, LocalTime time) throws Exception {
		mock().clock().set(MockClock.at(date, time), 0);
		try {
			Map<String, String> stages = new HashMap<>();
			for (JsonNode pupil : ok("/api/schools/st-johns/pupils", "alice")) {
				stages.put(pupil.get("pupilId").asText(),
						pupil.get("stage").isNull() ? null : pupil.get("stage").asText());
			}
			return stages;
		}
		finally {
			mock().clock().set(MockClock.at(TODAY, NOW), 0);
		}
	}

	@Test
	void pupilsByStageCountTheStandingsInTheLaddersOrderWithEachLevelsRag() throws Exception {
		JsonNode stages = ok("/api/schools/st-johns/stages", "alice");
		JsonNode pupils = ok("/api/schools/st-johns/pupils", "alice");
		List<String> ladder = new ArrayList<>(policy("st-johns-way").levels().stream().map(LevelRule::id).toList());
		ladder.add("none");
		assertThat(stages).extracting((s) -> s.get("stage").asText()).containsExactlyElementsOf(ladder);
		Map<String, String> rags = new HashMap<>();
		long total = 0;
		for (JsonNode stage : stages) {
			String id = stage.get("stage").asText();
			long expected = 0;
			for (JsonNode pupil : pupils) {
				expected += id.equals(pupil.get("stage").isNull() ? "none" : pupil.get("stage").asText()) ? 1 : 0;
			}
			assertThat(stage.get("pupils").asLong()).as(id).isEqualTo(expected);
			total += expected;
			rags.put(id, stage.get("rag").isNull() ? null : stage.get("rag").asText());
		}
		assertThat(total).isEqualTo(pupils.size());
		assertThat(rags.get("none")).isNull();
		// Every level of St John's is bounded so that its rated pupils share its colour.
		int checked = 0;
		for (JsonNode pupil : pupils) {
			if (!pupil.get("stage").isNull() && !pupil.get("rag").isNull()) {
				assertThat(rags.get(pupil.get("stage").asText())).as(pupil.get("pupilId").asText())
					.isEqualTo(pupil.get("rag").asText());
				checked++;
			}
		}
		assertThat(checked).as("pupils at a level").isPositive();
	}

	@Test
	void movementsAreTheStageChangesBetweenTheEndsOfEachDaySinceMonday() throws Exception {
		LocalDate monday = TODAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		List<String> ladder = policy("st-johns-way").levels().stream().map(LevelRule::id).toList();
		List<String> expected = new ArrayList<>();
		Map<String, String> before = stagesAt(monday.minusDays(1), LocalTime.of(23, 0));
		for (LocalDate day = monday; !day.isAfter(TODAY); day = day.plusDays(1)) {
			Map<String, String> after = day.equals(TODAY) ? stagesAt(TODAY, NOW) : stagesAt(day, LocalTime.of(23, 0));
			for (String pupil : new java.util.TreeSet<>(after.keySet())) {
				String from = before.get(pupil);
				String to = after.get(pupil);
				if (!Objects.equals(from, to)) {
					expected.add(day + " " + pupil + " " + from + " " + to + " "
							+ ((ladder.indexOf(to) > ladder.indexOf(from)) ? "up" : "down"));
				}
			}
			before = after;
		}
		JsonNode movements = ok("/api/schools/st-johns/movements?size=500", "alice");
		List<String> actual = new ArrayList<>();
		for (JsonNode m : movements) {
			actual.add(m.get("date").asText() + " " + m.get("pupilId").asText() + " " + text(m.get("from")) + " "
					+ text(m.get("to")) + " " + m.get("direction").asText());
		}
		// Within a day the API lists pupils in roll order; compare as sets per day.
		assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(actual).as("some of 40 pupils moved stage this week").isNotEmpty();
		assertThat(actual).extracting((line) -> line.substring(0, 10)).isSorted();

		// Filters and pages.
		String up = "up";
		JsonNode ups = ok("/api/schools/st-johns/movements?direction=up", "alice");
		ups.forEach((m) -> assertThat(m.get("direction").asText()).isEqualTo(up));
		assertThat(ups.size()).isEqualTo(expected.stream().filter((e) -> e.endsWith(" up")).count());
		String year = movements.get(0).get("yearGroup").asText();
		JsonNode ofYear = ok("/api/schools/st-johns/movements?yearGroup=" + year, "alice");
		ofYear.forEach((m) -> assertThat(m.get("yearGroup").asText()).isEqualTo(year));
		HttpResponse<String> page = api("/api/schools/st-johns/movements?page=0&size=1", "alice");
		assertThat(this.json.readTree(page.body())).hasSize(1);
		assertThat(page.headers().firstValue("X-Total-Count")).hasValue(String.valueOf(expected.size()));
		HttpResponse<String> sideways = api("/api/schools/st-johns/movements?direction=sideways", "alice");
		assertThat(sideways.statusCode()).isEqualTo(400);
		assertThat(sideways.body()).contains("direction").contains("sideways");
	}

	private static String text(JsonNode node) {
		return node.isNull() ? "null" : node.asText();
	}

	@Test
	void theRed10OfEachYearGroupAreItsLowestAttendersFromTheMarks() throws Exception {
		for (String school : List.of("st-johns", "toolkit")) {
			Policy policy = policy(schoolPolicy(school));
			Map<String, List<RegisterArithmetic.Tally>> expected = new RegisterArithmetic(this.jdbc, school).red10(
					TODAY, policy.settings().minimumPossibleSessions(), policy.toolkit().greenAtLeast(),
					policy.toolkit().red10Size());
			Map<String, JsonNode> pupils = new HashMap<>();
			ok("/api/schools/" + school + "/pupils", "alice").forEach((p) -> pupils.put(p.get("pupilId").asText(), p));
			JsonNode red10 = ok("/api/schools/" + school + "/red10?size=500", "alice");
			Map<String, List<String>> actual = new java.util.TreeMap<>();
			for (JsonNode entry : red10) {
				String pupil = entry.get("pupilId").asText();
				String year = entry.get("yearGroup").asText();
				List<String> ofYear = actual.computeIfAbsent(year, (y) -> new ArrayList<>());
				assertThat(entry.get("rank").asInt()).isEqualTo(ofYear.size() + 1);
				ofYear.add(pupil);
				RegisterArithmetic.Tally tally = expected.get(year).get(ofYear.size() - 1);
				assertThat(entry.get("attendancePct").asDouble()).as(pupil)
					.isCloseTo(tally.attendancePct(), within(1e-9));
				assertThat(entry.get("possibleSessions").asInt()).as(pupil).isEqualTo(tally.possible());
				JsonNode standing = pupils.get(pupil);
				assertThat(entry.get("stage")).as(pupil).isEqualTo(standing.get("stage"));
				assertThat(entry.get("rag").asText()).as(pupil)
					.isEqualTo((tally.attendancePct() <= policy.toolkit().redAtMost()) ? "RED" : "AMBER");
				assertThat(standing.get("red10").asBoolean()).isTrue();
			}
			Map<String, List<String>> expectedIds = new java.util.TreeMap<>();
			expected.forEach((year, tallies) -> expectedIds.put(year,
					tallies.stream().map(RegisterArithmetic.Tally::pupilId).toList()));
			assertThat(actual).as(school).isEqualTo(expectedIds);
			assertThat(red10).as(school + ": some pupil below green").isNotEmpty();
			String year = red10.get(0).get("yearGroup").asText();
			JsonNode ofYear = ok("/api/schools/" + school + "/red10?yearGroup=" + year, "alice");
			assertThat(ofYear).hasSize(expectedIds.get(year).size());
			HttpResponse<String> page = api("/api/schools/" + school + "/red10?page=1&size=2", "alice");
			assertThat(page.headers().firstValue("X-Total-Count")).hasValue(String.valueOf(red10.size()));
			assertThat(this.json.readTree(page.body()).get(0)).isEqualTo(red10.get(2));
		}
	}

	private String schoolPolicy(String school) throws Exception {
		for (JsonNode row : ok("/api/schools", "alice")) {
			if (row.get("id").asText().equals(school)) {
				return row.get("policy").asText();
			}
		}
		throw new AssertionError("no school " + school);
	}

	@Test
	void persistentAndSevereAbsenceAreCountedAtEachWeeksEndFromTheMarks() throws Exception {
		Policy policy = policy("st-johns-way");
		int minimum = Math.max(1, policy.settings().minimumPossibleSessions());
		RegisterArithmetic register = new RegisterArithmetic(this.jdbc, "st-johns");
		List<LocalDate> weekEnds = register.weekEnds(TODAY);
		JsonNode weeks = ok("/api/schools/st-johns/absence-history", "alice");
		assertThat(weeks).hasSize(weekEnds.size());
		List<LocalDate> days = register.schoolDays();
		for (int i = 0; i < weekEnds.size(); i++) {
			LocalDate end = weekEnds.get(i);
			JsonNode week = weeks.get(i);
			int pupils = 0;
			int rated = 0;
			int pa = 0;
			int sa = 0;
			for (RegisterArithmetic.Tally tally : register.tallies(end).values()) {
				pupils += (tally.possible() > 0) ? 1 : 0;
				if (tally.possible() >= minimum) {
					rated++;
					pa += tally.persistentlyAbsent() ? 1 : 0;
					sa += tally.severelyAbsent() ? 1 : 0;
				}
			}
			LocalDate monday = end.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			int next = days.indexOf(end) + 1;
			boolean endsTerm = next < days.size() && days.get(next).isAfter(monday.plusDays(13));
			assertThat(week.get("weekOf").asText()).isEqualTo(monday.toString());
			assertThat(week.get("through").asText()).isEqualTo(end.toString());
			assertThat(week.get("endsTerm").asBoolean()).as(end.toString()).isEqualTo(endsTerm);
			assertThat(week.get("pupils").asInt()).as(end.toString()).isEqualTo(pupils);
			assertThat(week.get("rated").asInt()).as(end.toString()).isEqualTo(rated);
			assertThat(week.get("pa").asInt()).as(end.toString()).isEqualTo(pa);
			assertThat(week.get("sa").asInt()).as(end.toString()).isEqualTo(sa);
		}
		assertThat(weeks.get(weeks.size() - 1).get("through").asText()).isEqualTo(TODAY.toString());
		// Half term follows the week of 21 October.
		assertThat(weeks.findValues("endsTerm").stream().filter(JsonNode::asBoolean)).hasSize(1);
		assertThat(weeks.get(weeks.size() - 1).get("pa").asInt()).as("PA now, of 40").isPositive();
		// Now is the pupils' PA flags, the same count.
		long flagged = 0;
		for (JsonNode pupil : ok("/api/schools/st-johns/pupils", "alice")) {
			flagged += pupil.get("flags").toString().contains("\"PA\"") ? 1 : 0;
		}
		assertThat(weeks.get(weeks.size() - 1).get("pa").asLong()).isEqualTo(flagged);

		JsonNode lastThree = ok("/api/schools/st-johns/absence-history?weeks=3", "alice");
		assertThat(lastThree).hasSize(3);
		assertThat(lastThree.get(2)).isEqualTo(weeks.get(weeks.size() - 1));
		HttpResponse<String> none = api("/api/schools/st-johns/absence-history?weeks=0", "alice");
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("weeks");
	}

	@Test
	void eachUserSeesTheOverviewOfTheirOwnSchoolsOnly() throws Exception {
		List<String> overviews = List.of("stages", "movements", "red10", "absence-history");
		for (String part : overviews) {
			assertThat(ok("/api/schools/toolkit/" + part, "bob").isArray()).isTrue();
			HttpResponse<String> other = api("/api/schools/st-johns/" + part, "bob");
			assertThat(other.statusCode()).as(part).isEqualTo(404);
			assertThat(other.body()).contains("no school 'st-johns'").doesNotContain("arbor-");
			assertThat(api("/api/schools/toolkit/" + part, "reader").statusCode()).as(part).isEqualTo(404);
			assertThat(api("/api/schools/st-johns/" + part, "reader").statusCode()).as(part).isEqualTo(200);
			assertThat(api("/api/schools/st-johns/" + part, "tech").statusCode()).as(part).isEqualTo(403);
			assertThat(api("/api/schools/st-johns/" + part, null).statusCode()).as(part).isEqualTo(401);
			assertThat(api("/api/schools/nowhere/" + part, "alice").statusCode()).as(part).isEqualTo(404);
		}
		HttpClient browser = browser();
		logIn(browser, "bob");
		HttpResponse<String> page = page(browser, "/schools/st-johns");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).doesNotContain("arbor-");
	}

	@Test
	void theSchoolPageDrawsTheChartAndListsMovementsAbsenceAndTheRed10() throws Exception {
		JsonNode stages = ok("/api/schools/st-johns/stages", "alice");
		JsonNode movements = ok("/api/schools/st-johns/movements?size=500", "alice");
		JsonNode red10 = ok("/api/schools/st-johns/red10?size=500", "alice");
		JsonNode weeks = ok("/api/schools/st-johns/absence-history", "alice");
		HttpClient browser = browser();
		logIn(browser, "alice");
		HttpResponse<String> response = page(browser, "/schools/st-johns");
		assertThat(response.statusCode()).isEqualTo(200);
		String html = response.body();

		assertThat(html).contains("Pupils by stage").contains("<svg class=\"chart stage-bars\"");
		String chart = html.substring(html.indexOf("<svg class=\"chart stage-bars\""),
				html.indexOf("</svg>", html.indexOf("<svg class=\"chart stage-bars\"")));
		for (JsonNode stage : stages) {
			String css = stage.get("rag").isNull() ? "none" : stage.get("rag").asText();
			assertThat(chart).contains("<rect class=\"bar " + css + "\"")
				.contains(stage.get("stage").asText() + ": " + stage.get("pupils").asLong() + " pupils");
		}
		assertThat(count(chart, "<rect ")).isEqualTo(stages.size());
		assertThat(html).contains("<table class=\"list stages-table\">");

		assertThat(html).contains("Stage movements this week").contains("since Monday 2024-11-11");
		String moves = section(html, "<table class=\"list movements\">");
		assertThat(count(moves, "<tr>") - 1).isEqualTo(movements.size());
		for (JsonNode m : movements) {
			assertThat(moves).contains("href=\"/schools/st-johns/pupils/" + m.get("pupilId").asText() + "\"");
		}

		assertThat(html).contains("Persistent and severe absence").contains("<svg class=\"chart absence-trend\"");
		JsonNode now = weeks.get(weeks.size() - 1);
		assertThat(html).contains("<strong class=\"pa-now\">" + now.get("pa").asInt() + "</strong>")
			.contains("<strong class=\"sa-now\">" + now.get("sa").asInt() + "</strong>");
		assertThat(count(section(html, "<table class=\"list absence-weeks\">"), "<td class=\"when\">"))
			.isEqualTo(2 * weeks.size());

		assertThat(html).contains("Red 10 by year group");
		for (JsonNode entry : red10) {
			String table = section(html, "<table class=\"list red10\" data-year=\"" + entry.get("yearGroup").asText());
			assertThat(table).contains("href=\"/schools/st-johns/pupils/" + entry.get("pupilId").asText() + "\"")
				.contains(String.format(Locale.UK, "%.1f%%", entry.get("attendancePct").asDouble()));
		}
		// The pupils' list is still there below.
		assertThat(html).contains("<th>pupil</th><th>year</th><th>form</th><th>stage</th>");
	}

	private static int count(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	/** From where a table starts to its end. */
	private static String section(String html, String start) {
		int from = html.indexOf(start);
		assertThat(from).as(start).isNotNegative();
		return html.substring(from, html.indexOf("</table>", from));
	}

	/** A client keeping its cookies, as a browser keeps its session. */
	private static HttpClient browser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	private void logIn(HttpClient browser, String user) throws Exception {
		HttpResponse<String> login = page(browser, "/login");
		Matcher csrf = CSRF.matcher(login.body());
		assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
		String form = "username=" + user + "&password=" + URLEncoder.encode(ApiTests.PASSWORD, StandardCharsets.UTF_8)
				+ "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> done = browser
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(done.statusCode()).isEqualTo(302);
		assertThat(done.headers().firstValue("Location").orElse("")).doesNotContain("error");
	}

	private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
