package org.attendancebridge.mock.wonde;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockHttp;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.school.SchoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WondeTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	private static final String AUTH = "Bearer " + MockCredentials.WONDE_TOKEN;

	private static String base;

	@BeforeAll
	static void start() {
		mock = MockMis.start(MockMisOptions.defaults()
			.withRoll(20)
			.withSpeed(0)
			.withSchools(
					List.of(SchoolSpec.defaults().get(3).withRoll(120), SchoolSpec.defaults().get(0).withRoll(20))));
		base = mock.baseUrl("toolkit");
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	private static MockHttp.Reply get(String path) {
		return http.get(base + path, "Authorization", AUTH);
	}

	@Test
	void servesTheSchoolUnderItsWondeId() {
		assertThat(base).endsWith("/wonde/v1.0/schools/toolkit");
	}

	@Test
	void refusesAMissingOrWrongBearerToken() {
		assertThat(http.get(base + "/students").status()).isEqualTo(401);
		assertThat(http.get(base + "/students", "Authorization", "Bearer nope").json().get("error").asText())
			.isEqualTo("Unauthenticated.");
	}

	@Test
	void followingNextVisitsEveryStudentOnce() {
		List<String> ids = new ArrayList<>();
		String url = base + "/students?per_page=50";
		int pages = 0;
		while (url != null) {
			JsonNode body = http.get(url, "Authorization", AUTH).json();
			body.get("data").forEach(s -> ids.add(s.get("id").asText()));
			JsonNode pagination = body.at("/meta/pagination");
			assertThat(pagination.get("per_page").asInt()).isEqualTo(50);
			assertThat(pagination.get("current_page").asInt()).isEqualTo(++pages);
			url = pagination.get("more").asBoolean() ? pagination.get("next").asText() : null;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(120).doesNotHaveDuplicates();
	}

	@Test
	void smallResultsComeWithoutAnyPaginationObject() {
		JsonNode codes = get("/attendance-codes").json();
		assertThat(codes.get("data").size()).isBetween(30, 50);
		assertThat(codes.has("meta")).isFalse();
	}

	@Test
	void includesBringContactsDetailsUpnFlagsAndYear() {
		JsonNode student = get("/students?include=contacts,contacts.contact_details,education_details,"
				+ "extended_details,year&per_page=1")
			.json()
			.at("/data/0");
		assertThat(student.at("/education_details/data/upn").asText()).matches("[A-Z]999\\d{9}");
		assertThat(student.at("/year/data/description").asText()).startsWith("Year ");
		assertThat(student.at("/extended_details/data/premium_pupil_indicator").isBoolean()).isTrue();
		JsonNode contact = student.at("/contacts/data/0");
		assertThat(contact.at("/relationship/priority").asInt()).isEqualTo(1);
		assertThat(contact.at("/contact_details/data/telephones/mobile").asText()).matches("07700900\\d{3}");
		assertThat(student.at("/date_of_birth/timezone").asText()).isEqualTo("UTC");
		assertThat(student.at("/date_of_birth/timezone_type").asInt()).isEqualTo(3);
		JsonNode bare = get("/students?per_page=1").json().at("/data/0");
		assertThat(bare.has("contacts")).isFalse();
	}

	@Test
	void attendanceSinceATimeHasOnlyLaterChangesWithWondeTimestamps() {
		JsonNode page = get("/attendance/session?updated_after=2024-11-08%2012:00:00&per_page=200").json();
		assertThat(page.get("data")).isNotEmpty();
		page.get("data").forEach(s -> {
			assertThat(s.at("/updated_at/date").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.0{6}");
			assertThat(s.at("/updated_at/date").asText()).isGreaterThan("2024-11-08 12:00:00");
			assertThat(s.get("session").asText()).isIn("AM", "PM");
		});
		assertThat(get("/attendance/session?updated_after=soon").status()).isEqualTo(422);
	}

	@Test
	void writebackAnswersAnIdAndTheMarkShowsAsUpdated() {
		String student = get("/students?per_page=1").json().at("/data/0/id").asText();
		String o = WondeFormat.codeId(org.attendancebridge.model.DfeCode.O.ordinal());
		MockHttp.Reply reply = http.post(base + "/attendance/session", """
				{"attendance":[{"date":"2024-11-08","session":"AM","student_id":"%s",
				"attendance_code_id":"%s","comment":"no reason given","minutes_late":null}]}
				""".formatted(student, o), "Authorization", AUTH, "Content-Type", "application/json");
		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.json().get("writeback_id").asText()).startsWith("W");
		JsonNode updated = get("/attendance/session?updated_after=2024-11-11%2008:00:00").json().get("data");
		assertThat(updated).anySatisfy(s -> {
			assertThat(s.get("student").asText()).isEqualTo(student);
			assertThat(s.get("attendance_code").asText()).isEqualTo(o);
			assertThat(s.get("comment").asText()).isEqualTo("no reason given");
		});
	}

	@Test
	void unknownSchoolIsNotFound() {
		assertThat(http.get(mock.baseUrl() + "/wonde/v1.0/schools/nowhere/students", "Authorization", AUTH).status())
			.isEqualTo(404);
	}

}
