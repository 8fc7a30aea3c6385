package org.attendancebridge.mock.sims;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockFiles;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimsTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	private static String base;

	@BeforeAll
	static void start() {
		mock = MockMis.start(
				MockMisOptions.defaults().withSpeed(0).withSchools(List.of(SchoolSpec.defaults().get(1).withRoll(30))));
		base = mock.baseUrl("staged");
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	private static String token() {
		MockHttp.Reply reply = http.post(base + "/connect/token",
				"grant_type=client_credentials&client_id=" + MockCredentials.SIMS_CLIENT_ID + "&client_secret="
						+ MockCredentials.SIMS_CLIENT_SECRET + "&scope=partner-api",
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().get("expires_in").asInt()).isEqualTo(3600);
		return reply.json().get("access_token").asText();
	}

	private static MockHttp.Reply get(String token, String path) {
		return http.get(base + path, "Authorization", "Bearer " + token, "Ocp-Apim-Subscription-Key",
				MockCredentials.SIMS_SUBSCRIPTION_KEY);
	}

	@Test
	void tokenNeedsTheClientsCredentials() {
		MockHttp.Reply wrong = http.post(base + "/connect/token",
				"grant_type=client_credentials&client_id=x&client_secret=y", "Content-Type",
				"application/x-www-form-urlencoded");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
	}

	@Test
	void everyCallNeedsTheSubscriptionKeyAndALiveToken() {
		String token = token();
		assertThat(http.get(base + "/LearnerIdentifiers", "Authorization", "Bearer " + token).status()).isEqualTo(401);
		assertThat(get("not-a-token", "/LearnerIdentifiers").status()).isEqualTo(401);
		assertThat(get(token, "/LearnerIdentifiers").status()).isEqualTo(200);
	}

	@Test
	void tokenExpiresOnTheSimulatedClock() {
		String token = token();
		mock.clock().set(mock.clock().instant().plus(Duration.ofMinutes(61)), 0);
		MockHttp.Reply expired = get(token, "/LearnerIdentifiers");
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(get(token(), "/LearnerIdentifiers").status()).isEqualTo(200);
	}

	@Test
	void tokenExpiryFaultForcesANewTokenMidSync() {
		String token = token();
		assertThat(get(token, "/LearnerIdentifiers?$top=5").status()).isEqualTo(200);
		mock.switchOn(FaultSwitch.of("sims", "staged", FaultKind.TOKEN_EXPIRY).times(1));
		assertThat(get(token, "/LearnerIdentifiers?$skip=5&$top=5").status()).isEqualTo(401);
		assertThat(get(token, "/LearnerIdentifiers?$skip=5&$top=5").status()).isEqualTo(401);
		assertThat(get(token(), "/LearnerIdentifiers?$skip=5&$top=5").status()).isEqualTo(200);
	}

	@Test
	void learnersFilterAndPageWithTopAndSkip() {
		String token = token();
		JsonNode year7 = get(token, "/LearnerIdentifiers?$filter=YearGroup%20eq%20'7'").json().get("value");
		assertThat(year7).hasSize(6).allSatisfy(l -> assertThat(l.get("YearGroup").asText()).isEqualTo("7"));
		JsonNode page = get(token, "/LearnerIdentifiers?$top=10&$skip=25").json().get("value");
		assertThat(page).hasSize(5);
		assertThat(get(token, "/LearnerIdentifiers?$filter=YearGroup%20is%207").status()).isEqualTo(400);
		JsonNode contacts = get(token, "/LearnerContacts?$filter=Learner/ExternalID%20eq%20'L-1003'").json()
			.get("value");
		assertThat(contacts).isNotEmpty()
			.allSatisfy(c -> assertThat(c.get("MobilePhone").asText()).matches("07700900\\d{3}"));
	}

	@Test
	void recordsComeInPagesOfAThousandWithANextLink() {
		String token = token();
		List<String> ids = new ArrayList<>();
		String url = base + "/AttendanceRecords?startDate=2024-09-02&endDate=2024-11-08";
		int pages = 0;
		while (url != null) {
			JsonNode body = http
				.get(url, "Authorization", "Bearer " + token, "Ocp-Apim-Subscription-Key",
						MockCredentials.SIMS_SUBSCRIPTION_KEY)
				.json();
			body.get("value").forEach(r -> ids.add(r.get("ExternalID").asText()));
			assertThat(body.get("value").size()).isLessThanOrEqualTo(1000);
			url = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
			pages++;
		}
		// 45 school days before half term's end and after, two sessions, 30 pupils.
		assertThat(ids).hasSize(45 * 2 * 30).doesNotHaveDuplicates();
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void windowsWiderThanNinetyDaysAreRefused() {
		MockHttp.Reply reply = get(token(), "/AttendanceRecords?startDate=2024-06-01&endDate=2024-11-08");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().at("/error/message").asText()).contains("90 days");
		assertThat(get(token(), "/StatutoryAttendanceSessions?startDate=2024-11-04&endDate=2024-11-08").json()
			.get("value")).hasSize(10);
	}

	@Test
	void codeTableIsSims7XmlWithSubCodes() {
		String xml = get(token(), "/AttendanceCodes").body();
		assertThat(xml).contains("<AttenanceCodes>", "<SIMS_Display_Code>I01</SIMS_Display_Code>");
		SimsCodeTable table = new SimsCodeTable(xml);
		assertThat(table.statutory("I01")).isEqualTo("I");
		assertThat(table.statutory("X01")).isEqualTo("X");
		assertThat(table.statutory("H")).isEqualTo("H");
		assertThat(table.statutory("ZZZ")).isNull();
	}

	@Test
	void codeTableParserRefusesExternalEntities() {
		String hostile = """
				<?xml version="1.0"?>
				<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
				<AttendanceCodes_V2_load><AttenanceCodes><AttendanceCode>
				<SIMS_Display_Code>&e;</SIMS_Display_Code></AttendanceCode></AttenanceCodes></AttendanceCodes_V2_load>
				""";
		assertThatThrownBy(() -> new SimsCodeTable(hostile)).isInstanceOf(IllegalArgumentException.class);
		assertThat(new SimsCodeTable(MockFiles.read("sims/attendance-codes.xml")).displayCodesFor("I"))
			.containsExactly("I", "I01", "I02");
	}

	@Test
	void writtenRecordShowsInTheNextChangesCall() {
		String token = token();
		String since = mock.clock().instant().minusSeconds(1).toString();
		assertThat(get(token, "/AttendanceRecords/SIMS.Changes(startDate=" + since + ")").json().get("value"))
			.isEmpty();
		MockHttp.Reply written = http.post(base + "/AttendanceRecords", """
				{"Attendee":{"ExternalID":"L-1004","Type":"Learner.Identifier"},
				 "Event":{"ExternalID":"S-2024-11-08-AM","Type":"Attendance.StatutoryAttendanceSession"},
				 "AttendanceCode":{"ExternalID":"O01"},"Qualifier":{"MinutesLate":0,"Comment":"no reason"}}
				""", "Authorization", "Bearer " + token, "Ocp-Apim-Subscription-Key",
				MockCredentials.SIMS_SUBSCRIPTION_KEY, "Content-Type", "application/json");
		assertThat(written.status()).isEqualTo(201);
		JsonNode changes = get(token, "/AttendanceRecords/SIMS.Changes(startDate=" + since + ")").json().get("value");
		assertThat(changes).hasSize(1);
		assertThat(changes.at("/0/Attendee/ExternalID").asText()).isEqualTo("L-1004");
		assertThat(changes.at("/0/AttendanceCode/ExternalID").asText()).isIn("O", "O01");
		assertThat(changes.at("/0/Qualifier/Comment").asText()).isEqualTo("no reason");
		assertThat(get(token, "/AttendanceRecords/SIMS.Changes(startDate=2024-01-01T00:00:00Z)").status())
			.isEqualTo(400);
	}

	@Test
	void unknownCodeFaultGivesARecordWhoseCodeIsNotInTheTable() {
		String token = token();
		String since = mock.clock().instant().minusSeconds(1).toString();
		mock.switchOn(FaultSwitch.of("sims", "staged", FaultKind.UNKNOWN_CODE));
		JsonNode changes = get(token, "/AttendanceRecords/SIMS.Changes(startDate=" + since + ")").json().get("value");
		assertThat(changes).hasSize(1);
		String code = changes.at("/0/AttendanceCode/ExternalID").asText();
		assertThat(new SimsCodeTable(get(token, "/AttendanceCodes").body()).statutory(code)).isNull();
	}

	@Test
	void learnerNoteIsKept() {
		String token = token();
		MockHttp.Reply note = http.post(base + "/LearnerNotes",
				"{\"Learner\":{\"ExternalID\":\"L-1006\"},\"Title\":\"PA letter\",\"Body\":\"sent\"}", "Authorization",
				"Bearer " + token, "Ocp-Apim-Subscription-Key", MockCredentials.SIMS_SUBSCRIPTION_KEY);
		assertThat(note.status()).isEqualTo(201);
		JsonNode notes = get(token, "/LearnerNotes?$filter=Learner/ExternalID%20eq%20'L-1006'").json().get("value");
		assertThat(notes).hasSize(1);
		assertThat(notes.at("/0/Title").asText()).isEqualTo("PA letter");
	}

	@Test
	void aLearnerDocumentIsKeptWithItsReferenceAndFoundByIt() {
		String token = token();
		String pdf = java.util.Base64.getEncoder()
			.encodeToString("%PDF-1.7 a letter".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		MockHttp.Reply document = http.post(base + "/LearnerDocuments",
				"{\"ExternalReference\":\"ab-88\",\"Learner\":{\"ExternalID\":\"L-1006\"},\"Title\":\"PA letter\","
						+ "\"FileName\":\"attendance-letter-4.pdf\",\"ContentType\":\"application/pdf\",\"Content\":\""
						+ pdf + "\"}",
				"Authorization", "Bearer " + token, "Ocp-Apim-Subscription-Key", MockCredentials.SIMS_SUBSCRIPTION_KEY);
		assertThat(document.status()).isEqualTo(201);
		String id = document.json().get("ExternalID").asText();
		JsonNode found = get(token,
				"/LearnerDocuments?$filter=Learner/ExternalID%20eq%20'L-1006'%20and%20ExternalReference%20eq%20'ab-88'")
			.json()
			.get("value");
		assertThat(found).hasSize(1);
		assertThat(found.at("/0/ExternalID").asText()).isEqualTo(id);
		assertThat(found.at("/0/Content").isMissingNode()).isTrue();
		assertThat(get(token, "/LearnerDocuments?$filter=ExternalReference%20eq%20'ab-89'").json().get("value"))
			.isEmpty();
		MockHttp.Reply notPdf = http.post(base + "/LearnerDocuments",
				"{\"ExternalReference\":\"ab-90\",\"Learner\":{\"ExternalID\":\"L-1006\"},"
						+ "\"ContentType\":\"application/pdf\",\"Content\":\"aGVsbG8=\"}",
				"Authorization", "Bearer " + token, "Ocp-Apim-Subscription-Key", MockCredentials.SIMS_SUBSCRIPTION_KEY);
		assertThat(notPdf.status()).isEqualTo(400);
		assertThat(notPdf.json().at("/error/message").asText()).contains("not a PDF");
	}

}
