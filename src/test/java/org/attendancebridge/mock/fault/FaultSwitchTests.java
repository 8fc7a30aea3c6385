package org.attendancebridge.mock.fault;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockHttp;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.school.SchoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSwitchTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	private static final String ARBOR = MockHttp.basic(MockCredentials.ARBOR_USER, MockCredentials.ARBOR_PASSWORD);

	private static final String WONDE = "Bearer " + MockCredentials.WONDE_TOKEN;

	@BeforeAll
	static void start() {
		mock = MockMis.start(MockMisOptions.defaults()
			.withSpeed(0)
			.withSchools(List.of(SchoolSpec.defaults().get(0).withRoll(20), SchoolSpec.defaults().get(3).withRoll(120),
					SchoolSpec.defaults().get(4).withRoll(10))));
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	@AfterEach
	void clear() {
		http.delete(mock.baseUrl() + "/__mock/faults");
	}

	private static MockHttp.Reply arbor(String school, String path) {
		return http.get(mock.baseUrl(school) + path, "Authorization", ARBOR);
	}

	private static MockHttp.Reply wonde(String path) {
		return http.get(mock.baseUrl("toolkit") + path, "Authorization", WONDE);
	}

	private static MockHttp.Reply switchOn(String json) {
		MockHttp.Reply reply = http.post(mock.baseUrl() + "/__mock/faults", json, "Content-Type", "application/json");
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply;
	}

	@Test
	void rateLimitAnswers429WithRetryAfterTwiceThenSucceeds() {
		switchOn(
				"{\"system\":\"arbor\",\"school\":\"st-johns\",\"fault\":\"rate-limit\",\"count\":2,\"retryAfter\":7}");
		MockHttp.Reply first = arbor("st-johns", "/students");
		assertThat(first.status()).isEqualTo(429);
		assertThat(first.header("Retry-After")).isEqualTo("7");
		assertThat(arbor("st-johns", "/students").status()).isEqualTo(429);
		assertThat(arbor("st-johns", "/students").status()).isEqualTo(200);
	}

	@Test
	void aWritesOnlyFaultLetsReadsThroughAndSpoilsTheNextWrite() {
		switchOn("{\"system\":\"arbor\",\"school\":\"st-johns\",\"fault\":\"server-error\",\"status\":500,"
				+ "\"count\":1,\"writesOnly\":true}");
		assertThat(arbor("st-johns", "/students").status()).isEqualTo(200);
		String note = "{\"request\":{\"pastoralNote\":{\"student\":{\"entityType\":\"Student\",\"href\":"
				+ "\"/rest-v2/students/" + mock.school("st-johns").pupils().get(0).id()
				+ "\"},\"summary\":\"s\",\"content\":\"c\"}}}";
		String url = mock.baseUrl("st-johns") + "/pastoral-notes";
		assertThat(http.post(url, note, "Authorization", ARBOR, "Content-Type", "application/json").status())
			.isEqualTo(500);
		assertThat(mock.school("st-johns").notes(null)).isEmpty();
		assertThat(http.post(url, note, "Authorization", ARBOR, "Content-Type", "application/json").status())
			.isEqualTo(200);
		assertThat(mock.school("st-johns").notes(null)).hasSize(1);
	}

	@Test
	void aFaultForOneSchoolLeavesTheOthersAlone() {
		switchOn("{\"system\":\"arbor\",\"school\":\"st-johns\",\"fault\":\"server-error\",\"status\":502}");
		assertThat(arbor("st-johns", "/students").status()).isEqualTo(502);
		assertThat(arbor("prevention", "/students").status()).isEqualTo(200);
		assertThat(wonde("/students").status()).isEqualTo(200);
	}

	@Test
	void serverErrorsUseTheStatusAskedFor() {
		for (int status : new int[] { 500, 502, 503 }) {
			mock.switchOn(FaultSwitch.of("wonde", null, FaultKind.SERVER_ERROR).withStatus(status).times(1));
			assertThat(wonde("/students").status()).isEqualTo(status);
		}
		assertThat(wonde("/students").status()).isEqualTo(200);
	}

	@Test
	void connectionResetFailsTheRequestItselfUntilCleared() {
		// Until cleared, as the JDK's client may retry a reset GET once by itself.
		mock.switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.CONNECTION_RESET));
		assertThatThrownBy(() -> arbor("st-johns", "/students")).isInstanceOf(UncheckedIOException.class);
		mock.clearFaults();
		assertThat(arbor("st-johns", "/students").status()).isEqualTo(200);
	}

	@Test
	void slowResponsesArriveLate() {
		mock.switchOn(FaultSwitch.of("wonde", "toolkit", FaultKind.SLOW).withDelay(800).times(1));
		long start = System.nanoTime();
		MockHttp.Reply reply = wonde("/attendance-codes");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().get("data")).isNotEmpty();
	}

	@Test
	void maintenancePageIsHtmlWithStatus200() {
		switchOn("{\"system\":\"wonde\",\"fault\":\"maintenance-page\",\"count\":1}");
		MockHttp.Reply reply = wonde("/students");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.header("Content-Type")).startsWith("text/html");
		assertThat(reply.body()).contains("<html>");
	}

	@Test
	void duplicateAcrossPagesRepeatsTheTailOfThePreviousPage() {
		mock.switchOn(FaultSwitch.of("wonde", "toolkit", FaultKind.DUPLICATE_ACROSS_PAGES).times(1));
		JsonNode first = wonde("/students?per_page=50").json().get("data");
		JsonNode second = wonde("/students?per_page=50&page=2").json().get("data");
		assertThat(second.get(0).get("id")).isEqualTo(first.get(48).get("id"));
		assertThat(second.get(1).get("id")).isEqualTo(first.get(49).get("id"));
		mock.switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.DUPLICATE_ACROSS_PAGES).times(1));
		JsonNode arborFirst = arbor("st-johns", "/students?page-size=10").json().get("students");
		JsonNode arborSecond = arbor("st-johns", "/students?page-size=10&page-number=2").json().get("students");
		assertThat(arborSecond.get(1).get("href")).isEqualTo(arborFirst.get(9).get("href"));
	}

	@Test
	void moreWithoutNextLeavesNextEmpty() {
		switchOn("{\"system\":\"wonde\",\"school\":\"toolkit\",\"fault\":\"more-without-next\",\"count\":1}");
		JsonNode pagination = wonde("/students?per_page=50").json().at("/meta/pagination");
		assertThat(pagination.get("more").asBoolean()).isTrue();
		assertThat(pagination.get("next").isNull()).isTrue();
	}

	@Test
	void tokenExpiryRefusesTheNextRequest() {
		switchOn("{\"system\":\"wonde\",\"fault\":\"token-expiry\",\"count\":1}");
		assertThat(wonde("/students").status()).isEqualTo(401);
		assertThat(wonde("/students").status()).isEqualTo(200);
	}

	@Test
	void lateCorrectionsShowInTheChangelogWithNewRevisions() {
		long watermark = arbor("st-johns", "/attendance-records/changelog?from-revision=0&page-size=1").json()
			.get("currentRevision")
			.asLong();
		MockHttp.Reply reply = switchOn(
				"{\"system\":\"arbor\",\"school\":\"st-johns\",\"fault\":\"late-corrections\",\"count\":3}");
		assertThat(reply.json().get("result").asText()).contains("corrected 3 marks");
		JsonNode changes = arbor("st-johns", "/attendance-records/changelog?from-revision=" + watermark).json()
			.get("changes");
		assertThat(changes).hasSize(3);
		changes.forEach(c -> assertThat(c.get("changeType").asText()).isEqualTo("UPDATE"));
	}

	@Test
	void deletedPupilVanishesAndComesBack() {
		int before = wonde("/students?per_page=200").json().get("data").size();
		MockHttp.Reply reply = switchOn(
				"{\"system\":\"wonde\",\"school\":\"toolkit\",\"fault\":\"deleted-restored-pupil\",\"restoreAfterMinutes\":30}");
		assertThat(reply.json().get("result").asText()).contains("deleted");
		assertThat(wonde("/students?per_page=200").json().get("data").size()).isEqualTo(before - 1);
		JsonNode deletion = wonde("/deletions?updated_after=2024-11-01").json().at("/data/0");
		assertThat(deletion.get("type").asText()).isEqualTo("student");
		assertThat(deletion.get("restored_at").isNull()).isTrue();
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(31)), 0);
		assertThat(wonde("/students?per_page=200").json().get("data").size()).isEqualTo(before);
		assertThat(wonde("/deletions?updated_after=2024-11-01").json().at("/data/0/restored_at/date").asText())
			.isNotBlank();
	}

	@Test
	void deletedPupilLeavesArborsListsUntilRestored() {
		int before = arbor("prevention", "/students").json().get("students").size();
		String result = mock
			.switchOn(FaultSwitch.of("arbor", "prevention", FaultKind.DELETED_RESTORED_PUPIL).withRestoreAfter(10));
		String pupil = result.replaceAll(".*pupil (\\d+).*", "$1");
		assertThat(arbor("prevention", "/students").json().get("students")).hasSize(before - 1);
		assertThat(arbor("prevention", "/students/" + pupil).status()).isEqualTo(404);
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(11)), 0);
		assertThat(arbor("prevention", "/students/" + pupil).status()).isEqualTo(200);
	}

	@Test
	void unknownCodeGivesAMarkNoTableHas() {
		mock.switchOn(FaultSwitch.of("arbor", "prevention", FaultKind.UNKNOWN_CODE));
		JsonNode records = arbor("prevention", "/attendance-records?filters.attendanceMark.equals=999").json()
			.get("attendanceRecords");
		assertThat(records).hasSize(1);
		assertThat(arbor("prevention", "/attendance-marks/999").status()).isEqualTo(404);
	}

	@Test
	void faultsAreListedAndClearedByAdminCalls() {
		switchOn("{\"system\":\"arbor\",\"fault\":\"slow\",\"delayMillis\":10}");
		JsonNode listed = http.get(mock.baseUrl() + "/__mock/faults").json().get("faults");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).get("kind").asText()).isEqualTo("SLOW");
		assertThat(http.delete(mock.baseUrl() + "/__mock/faults").status()).isEqualTo(204);
		assertThat(http.get(mock.baseUrl() + "/__mock/faults").json().get("faults")).isEmpty();
		MockHttp.Reply unknown = http.post(mock.baseUrl() + "/__mock/faults",
				"{\"system\":\"arbor\",\"fault\":\"gremlins\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("error").asText()).contains("gremlins");
	}

}
