package org.attendancebridge.mock.arbor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockHttp;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.model.DfeCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArborTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	private static final String AUTH = MockHttp.basic(MockCredentials.ARBOR_USER, MockCredentials.ARBOR_PASSWORD);

	private static String base;

	@BeforeAll
	static void start() {
		mock = MockMis.start(MockMisOptions.defaults().withRoll(30).withSpeed(0));
		base = mock.baseUrl("st-johns");
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	private static MockHttp.Reply get(String path) {
		return http.get(base + path, "Authorization", AUTH);
	}

	private static MockHttp.Reply post(String path, String body) {
		return http.post(base + path, body, "Authorization", AUTH, "Content-Type", "application/json");
	}

	@Test
	void refusesRequestsWithoutTheApiUsersCredentials() {
		MockHttp.Reply none = http.get(base + "/students");
		MockHttp.Reply wrong = http.get(base + "/students", "Authorization", MockHttp.basic("someone", "guess"));
		assertThat(none.status()).isEqualTo(401);
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(none.json().at("/response/errors/0").asText()).contains("Basic");
	}

	@Test
	void listsStudentsPageByPage() {
		List<String> hrefs = new ArrayList<>();
		for (int page = 1; page <= 4; page++) {
			JsonNode students = get("/students?page-size=12&page-number=" + page).json().get("students");
			students.forEach(s -> hrefs.add(s.get("href").asText()));
			assertThat(students.size()).isLessThanOrEqualTo(12);
		}
		assertThat(hrefs).hasSize(30).doesNotHaveDuplicates().allMatch(h -> h.startsWith("/rest-v2/students/"));
	}

	@Test
	void singleObjectsComeWrappedWithEntityTypeHrefAndDisplayName() {
		JsonNode student = get("/students/1003").json().get("student");
		assertThat(student.get("entityType").asText()).isEqualTo("Student");
		assertThat(student.get("href").asText()).isEqualTo("/rest-v2/students/1003");
		assertThat(student.get("displayName").asText()).isNotBlank();
		JsonNode person = get("/persons/1003").json().get("person");
		assertThat(person.at("/dateOfBirth/entityType").asText()).isEqualTo("date");
		assertThat(person.at("/dateOfBirth/date").asText()).matches("\\d{4}-\\d{2}-\\d{2} 00:00:00");
		assertThat(get("/students/99999").status()).isEqualTo(404);
	}

	@Test
	void upnsYearsFormsAndGuardiansAreReferencedByStudent() {
		assertThat(get("/uk-dfe-upn-assignments?filters.student.equals=1003").json()
			.at("/ukDfeUpnAssignments/0/upn")
			.asText()).matches("[A-Z]999\\d{9}");
		assertThat(get("/academic-level-memberships?filters.student.equals=/rest-v2/students/1003").json()
			.at("/academicLevelMemberships/0/academicLevel/displayName")
			.asText()).startsWith("Year ");
		JsonNode relationships = get("/student-guardian-relationships?filters.student.equals=1003").json()
			.get("studentGuardianRelationships");
		assertThat(relationships).isNotEmpty();
		assertThat(relationships.get(0).get("emergencyContactPriority").asInt()).isEqualTo(1);
		long guardian = relationships.get(0).at("/guardian/id").asLong();
		JsonNode phone = get(
				"/telephone-numbers?filters.numberOwner.equals=" + (ArborResources.GUARDIAN_PERSON + guardian))
			.json()
			.at("/telephoneNumbers/0/number");
		assertThat(phone.asText()).matches("07700900\\d{3}");
	}

	@Test
	void attendanceRecordsFilterByStudentAndDate() {
		JsonNode records = get("/attendance-records?filters.student.equals=1004"
				+ "&filters.startDatetime.from=2024-11-04&filters.startDatetime.before=2024-11-09&page-size=1000")
			.json()
			.get("attendanceRecords");
		assertThat(records).hasSize(10);
		records.forEach(r -> assertThat(r.at("/student/id").asLong()).isEqualTo(1004));
		Set<String> codes = new HashSet<>();
		get("/attendance-marks").json().get("attendanceMarks").forEach(m -> codes.add(m.get("code").asText()));
		assertThat(codes).contains("/", "\\", "L", "I", "N", "O", "G", "U");
		records.forEach(r -> assertThat(codes).contains(r.at("/attendanceMark/displayName").asText()));
	}

	@Test
	void registersSayWhetherTheyAreMorningOrAfternoon() {
		JsonNode types = get("/attendance-register-types").json().get("attendanceRegisterTypes");
		assertThat(types).hasSize(2);
		assertThat(types.get(0).get("isMorning").asBoolean()).isTrue();
		assertThat(types.get(1).get("isAfternoon").asBoolean()).isTrue();
		JsonNode registers = get("/attendance-registers?filters.startDatetime.from=2024-11-08").json()
			.get("attendanceRegisters");
		// The clock stands at Monday 11 November 08:40: Friday's two registers, none of
		// Monday's.
		assertThat(registers).hasSize(2);
	}

	@Test
	void timestampsAreInGmtEvenDuringBritishSummerTime() {
		JsonNode september = get("/attendance-registers?filters.startDatetime.from=2024-09-03&page-size=1").json()
			.at("/attendanceRegisters/0/startDatetime/date");
		JsonNode november = get("/attendance-registers?filters.startDatetime.from=2024-11-04&page-size=1").json()
			.at("/attendanceRegisters/0/startDatetime/date");
		assertThat(september.asText()).isEqualTo("2024-09-03 07:50:00");
		assertThat(november.asText()).isEqualTo("2024-11-04 08:50:00");
	}

	@Test
	void amendedMarkShowsInNextChangelogWithNewRevision() {
		JsonNode first = get("/attendance-records/changelog?from-revision=0&page-size=5000").json();
		long watermark = first.get("currentRevision").asLong();
		assertThat(first.get("changes")).isNotEmpty();
		assertThat(get("/attendance-records/changelog?from-revision=" + watermark).json().get("changes")).isEmpty();
		long o = DfeCode.O.ordinal() + 1;
		MockHttp.Reply amended = post("/attendance-registration", """
				{"request":{"marks":[{"student":{"entityType":"Student","href":"/rest-v2/students/1005"},
				 "attendanceMark":{"entityType":"AttendanceMark","href":"/rest-v2/attendance-marks/%d"},
				 "sessionStartTime":"2024-11-08 08:50:00","minutesLate":0,"note":"no reason given"}]}}
				""".formatted(o));
		assertThat(amended.status()).isEqualTo(200);
		assertThat(amended.json().at("/response/success").asBoolean()).isTrue();
		JsonNode changes = get("/attendance-records/changelog?from-revision=" + watermark).json().get("changes");
		assertThat(changes).hasSize(1);
		JsonNode change = changes.get(0);
		assertThat(change.get("changeType").asText()).isEqualTo("UPDATE");
		assertThat(change.get("toRevision").asLong()).isEqualTo(watermark + 1);
		assertThat(change.at("/changedObject/attendanceMark/displayName").asText()).isEqualTo("O");
		assertThat(change.at("/changedObject/student/id").asLong()).isEqualTo(1005);
	}

	@Test
	void refusedAmendmentReportsItsErrorInside200() {
		MockHttp.Reply reply = post("/attendance-registration", """
				{"request":{"marks":[{"student":{"href":"/rest-v2/students/1005"},
				 "attendanceMark":{"href":"/rest-v2/attendance-marks/3"},"sessionStartTime":"2024-12-01 08:50:00"}]}}
				""");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().at("/response/success").asBoolean()).isFalse();
		assertThat(reply.json().at("/response/errors/0").asText()).contains("no register");
	}

	@Test
	void pastoralNoteAppearsOnThePupil() {
		MockHttp.Reply created = post("/pastoral-notes", """
				{"request":{"pastoralNote":{"student":{"entityType":"Student","href":"/rest-v2/students/1007"},
				 "summary":"Attendance below 96%","content":"Early support letter sent","noteDate":"2024-11-11"}}}
				""");
		assertThat(created.status()).isEqualTo(200);
		long id = created.json().at("/pastoralNote/id").asLong();
		JsonNode notes = get("/pastoral-notes?filters.student.equals=1007").json().get("pastoralNotes");
		assertThat(notes).hasSize(1);
		assertThat(notes.get(0).get("id").asLong()).isEqualTo(id);
		assertThat(notes.get(0).get("summary").asText()).isEqualTo("Attendance below 96%");
		MockHttp.Reply followUp = post("/attendance-follow-ups", """
				{"request":{"attendanceFollowUp":{"student":{"href":"/rest-v2/students/1007"},
				 "summary":"SMS sent","content":"first-day text"}}}
				""");
		assertThat(followUp.json().at("/attendanceFollowUp/entityType").asText()).isEqualTo("AttendanceFollowUp");
	}

	/** A tiny stand-in PDF in base64: the mock checks the magic bytes. */
	private static final String PDF = java.util.Base64.getEncoder()
		.encodeToString("%PDF-1.7 a letter".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

	@Test
	void aStudentDocumentIsKeptWithItsReferenceAndFoundByIt() {
		MockHttp.Reply created = post("/student-documents",
				"""
						{"request":{"studentDocument":{"externalReference":"ab-77",
						 "student":{"entityType":"Student","href":"/rest-v2/students/1008"},"title":"Attendance letter: pa-letter",
						 "fileName":"attendance-letter-3.pdf","contentType":"application/pdf","content":"%s"}}}
						"""
					.formatted(PDF));
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().at("/studentDocument/entityType").asText()).isEqualTo("StudentDocument");
		String href = created.json().at("/studentDocument/href").asText();
		JsonNode found = get("/student-documents?filters.student.equals=1008&filters.externalReference.equals=ab-77")
			.json()
			.get("studentDocuments");
		assertThat(found).hasSize(1);
		assertThat(found.at("/0/href").asText()).isEqualTo(href);
		assertThat(found.at("/0/contentSize").asInt()).isEqualTo(17);
		assertThat(found.at("/0/content").isMissingNode()).isTrue();
		assertThat(get("/student-documents?filters.externalReference.equals=ab-78").json().get("studentDocuments"))
			.isEmpty();
		assertThat(mock.school("st-johns").documents("StudentDocument")).hasSize(1);
	}

	@Test
	void aStudentDocumentThatIsNotAPdfOrHasNoReferenceIsRefused() {
		MockHttp.Reply notPdf = post("/student-documents", """
				{"request":{"studentDocument":{"externalReference":"ab-79","student":{"href":"/rest-v2/students/1008"},
				 "contentType":"application/pdf","content":"aGVsbG8="}}}
				""");
		assertThat(notPdf.status()).isEqualTo(422);
		assertThat(notPdf.json().at("/response/errors/0").asText()).contains("not a PDF");
		MockHttp.Reply noReference = post("/student-documents", """
				{"request":{"studentDocument":{"student":{"href":"/rest-v2/students/1008"},
				 "contentType":"application/pdf","content":"%s"}}}
				""".formatted(PDF));
		assertThat(noReference.status()).isEqualTo(422);
		assertThat(noReference.json().at("/response/errors/0").asText()).contains("externalReference");
	}

	@Test
	void writeToUnknownResourceIsRefused() {
		MockHttp.Reply reply = post("/detentions", "{\"request\":{\"detention\":{}}}");
		assertThat(reply.status()).isEqualTo(422);
		assertThat(reply.json().at("/response/errors/0").asText()).contains("unknown resource");
	}

	@Test
	void badFilterAnswers200WithTheErrorInTheBody() {
		MockHttp.Reply reply = get("/students?filters.person.near=3");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().at("/response/success").asBoolean()).isFalse();
		assertThat(reply.json().has("students")).isFalse();
	}

	@Test
	void staffIncludeTheRolesThePoliciesName() {
		Set<String> roles = new HashSet<>();
		get("/staff").json().get("staff").forEach(s -> roles.add(s.at("/businessRole/code").asText()));
		assertThat(roles).contains("tutor", "head-of-year", "senco", "dsl", "attendance-officer");
	}

	@Test
	void wiremockAdminStaysAtItsOwnPath() {
		MockHttp.Reply mappings = http.get(mock.baseUrl() + "/__admin/mappings");
		assertThat(mappings.status()).isEqualTo(200);
		assertThat(mappings.body()).contains("/arbor/");
	}

}
