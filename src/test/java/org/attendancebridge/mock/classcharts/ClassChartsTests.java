package org.attendancebridge.mock.classcharts;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockHttp;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.SchoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassChartsTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	private static String base;

	@BeforeAll
	static void start() {
		mock = MockMis.start(
				MockMisOptions.defaults().withSpeed(0).withSchools(List.of(SchoolSpec.defaults().get(2).withRoll(14))));
		base = mock.baseUrl("graduated");
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	private static String login() {
		JsonNode body = http
			.post(base + "/login",
					"email=" + MockCredentials.CLASS_CHARTS_EMAIL + "&password="
							+ MockCredentials.CLASS_CHARTS_PASSWORD,
					"Content-Type", "application/x-www-form-urlencoded")
			.json();
		assertThat(body.get("success").asInt()).isEqualTo(1);
		return body.at("/meta/session_id").asText();
	}

	private static MockHttp.Reply get(String session, String path) {
		return http.get(base + path, "Authorization", "Basic " + session);
	}

	@Test
	void wrongPasswordGivesNoSession() {
		JsonNode body = http
			.post(base + "/login", "email=someone@example.com&password=guess", "Content-Type",
					"application/x-www-form-urlencoded")
			.json();
		assertThat(body.get("success").asInt()).isZero();
		assertThat(body.has("meta")).isFalse();
	}

	@Test
	void staleSessionAnswers200WithExpired() {
		String session = login();
		assertThat(get(session, "/pupils").json().get("success").asInt()).isEqualTo(1);
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(3).plusSeconds(1)), 0);
		MockHttp.Reply stale = get(session, "/pupils");
		assertThat(stale.status()).isEqualTo(200);
		assertThat(stale.json().get("success").asInt()).isZero();
		assertThat(stale.json().get("expired").asInt()).isEqualTo(1);
		assertThat(stale.json().get("error").asText()).isNotBlank();
	}

	@Test
	void pingRenewsTheSession() {
		String session = login();
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(2)), 0);
		String renewed = http.post(base + "/ping", "", "Authorization", "Basic " + session)
			.json()
			.at("/meta/session_id")
			.asText();
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(2)), 0);
		assertThat(get(session, "/pupils").json().get("expired").asInt()).isEqualTo(1);
		assertThat(get(renewed, "/pupils").json().get("success").asInt()).isEqualTo(1);
	}

	@Test
	void sessionExpiryFaultEndsTheSessionMidSync() {
		String session = login();
		mock.switchOn(FaultSwitch.of("classcharts", "graduated", FaultKind.TOKEN_EXPIRY).times(1));
		assertThat(get(session, "/pupils").json().get("expired").asInt()).isEqualTo(1);
		assertThat(get(session, "/pupils").json().get("expired").asInt()).isEqualTo(1);
		assertThat(get(login(), "/pupils").json().get("success").asInt()).isEqualTo(1);
	}

	@Test
	void pupilsComeWithFlagsAndContacts() {
		JsonNode pupils = get(login(), "/pupils").json().get("data");
		assertThat(pupils).hasSize(14);
		assertThat(pupils.get(0).get("year_group").asText()).isEqualTo("R");
		assertThat(pupils.get(0).get("contacts").get(0).get("mobile").asText()).matches("07700900\\d{3}");
	}

	@Test
	void attendanceIsADateToSessionMapInTheSchoolsCodes() {
		String session = login();
		JsonNode body = get(session, "/attendance/1003?from=2024-11-04&to=2024-11-08").json();
		assertThat(body.get("success").asInt()).isEqualTo(1);
		assertThat(body.at("/meta/dates")).hasSize(5);
		assertThat(body.at("/meta/sessions").toString()).isEqualTo("[\"AM\",\"PM\"]");
		JsonNode monday = body.at("/data/2024-11-04");
		assertThat(monday.at("/AM/status").asText()).isIn("present", "late", "absent", "excused", "ignore");
		assertThat(monday.at("/AM/code").asText()).isNotIn("/", "\\", "I", "O", "L");
		assertThat(body.at("/meta/percentage").asText()).matches("\\d{1,3}\\.\\d");
		JsonNode codes = get(session, "/attendance/codes").json().get("data");
		assertThat(codes.toString()).contains("\"code\":\"ILL\",\"statutory_code\":\"I\",\"status\":\"excused\"");
	}

	@Test
	void unknownCodeFaultGivesACodeMissingFromTheSchoolsMap() {
		String session = login();
		String result = mock.switchOn(FaultSwitch.of("classcharts", "graduated", FaultKind.UNKNOWN_CODE));
		assertThat(result).contains("unknown code");
		JsonNode day = get(session, "/attendance/1013?from=2024-11-08&to=2024-11-08").json().at("/data/2024-11-08/PM");
		JsonNode codes = get(session, "/attendance/codes").json().get("data");
		assertThat(codes.findValuesAsText("code")).doesNotContain(day.get("code").asText());
	}

	@Test
	void noteAppearsOnThePupil() {
		String session = login();
		JsonNode written = http
			.post(base + "/pupilnotes/1005", "{\"title\":\"S1\",\"note\":\"letter sent\"}", "Authorization",
					"Basic " + session, "Content-Type", "application/json")
			.json();
		assertThat(written.get("success").asInt()).isEqualTo(1);
		JsonNode notes = get(session, "/pupilnotes/1005").json().get("data");
		assertThat(notes).hasSize(1);
		assertThat(notes.at("/0/note").asText()).isEqualTo("letter sent");
	}

	@Test
	void aPupilDocumentIsKeptWithItsReferenceAndFoundByIt() {
		String session = login();
		String pdf = java.util.Base64.getEncoder()
			.encodeToString("%PDF-1.7 a letter".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		JsonNode written = http
			.post(base + "/pupildocuments/1005",
					"{\"reference\":\"ab-99\",\"title\":\"PA letter\",\"file_name\":\"attendance-letter-5.pdf\","
							+ "\"content_type\":\"application/pdf\",\"content\":\"" + pdf + "\"}",
					"Authorization", "Basic " + session, "Content-Type", "application/json")
			.json();
		assertThat(written.get("success").asInt()).isEqualTo(1);
		JsonNode all = get(session, "/pupildocuments/1005").json().get("data");
		assertThat(all).hasSize(1);
		assertThat(all.at("/0/reference").asText()).isEqualTo("ab-99");
		assertThat(all.at("/0/id").asLong()).isEqualTo(written.at("/data/id").asLong());
		assertThat(get(session, "/pupildocuments/1005?reference=ab-98").json().get("data")).isEmpty();
		JsonNode unreferenced = http
			.post(base + "/pupildocuments/1005", "{\"content_type\":\"application/pdf\",\"content\":\"" + pdf + "\"}",
					"Authorization", "Basic " + session, "Content-Type", "application/json")
			.json();
		assertThat(unreferenced.get("success").asInt()).isZero();
		assertThat(unreferenced.get("error").asText()).contains("reference");
	}

}
