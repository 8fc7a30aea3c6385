package org.attendancebridge.action.task;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.mock.school.TermCalendar;
import org.attendancebridge.model.Session;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Completing a task through the API moves the review that waits for it, end to end: St
 * John's is polled every school day through the real routes from the mock MIS into a real
 * database, and dispatched. Two pupils in every session until 7 October then miss every
 * afternoon, so both fall into AC5 (persistently absent) on the same day and the SAM
 * meeting task is made for each. One meeting is completed through {@code POST
 * /api/tasks/{id}/complete} two school days later: that pupil's review, and the AC6 it
 * escalates to, comes four school weeks after the week of the meeting. The other meeting
 * is never recorded: that review waits ten school days, then four school weeks more,
 * while the task shows overdue.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.dispatch.node=review-test", "spring.main.banner-mode=off" })
@AutoConfigureMockMvc
abstract class CompletedTaskReviewTests {

	static final LocalDate START = LocalDate.of(2024, 10, 7);

	private static final String OFFICER = "officer";

	private static final String PASSWORD = "correct horse";

	private static final int MET = 1000;

	private static final int NOT_MET = 1001;

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	MockMvc mvc;

	abstract MockMis mock();

	static MockMis startMock() {
		return MockSchoolClock.start(MockMisOptions.defaults()
			.withRoll(40)
			.withSpeed(0)
			.withStart(MockClock.at(START, LocalTime.of(8, 40)))
			.withGateways());
	}

	/** The mock, its gateways, and an attendance officer for St John's. */
	static void properties(DynamicPropertyRegistry registry, MockMis mock) {
		PollIntegrationTests.mockProperties(registry, mock);
		PollIntegrationTests.gatewayProperties(registry, mock);
		String hash = new BCryptPasswordEncoder(4).encode(PASSWORD);
		registry.add("attendance-bridge.users[0].name", () -> OFFICER);
		registry.add("attendance-bridge.users[0].password-hash", () -> hash);
		registry.add("attendance-bridge.users[0].roles", () -> "ATTENDANCE_OFFICER");
		registry.add("attendance-bridge.users[0].schools", () -> "st-johns");
	}

	@Test
	void completingTheSamMeetingThroughTheApiBringsItsReviewForward() throws Exception {
		SchoolState school = mock().school("st-johns");
		for (RegisterMark mark : school.marks((m) -> m.pupilId() == MET || m.pupilId() == NOT_MET)) {
			school.amend(mark.pupilId(), mark.date(), mark.session(), (mark.session() == Session.AM) ? "/" : "\\", null,
					"in school");
		}
		poll();
		LocalDate meeting = null;
		for (LocalDate day : TermCalendar.schoolDays()) {
			if (day.isBefore(START)) {
				continue;
			}
			mock().clock().set(MockClock.at(day, LocalTime.of(14, 0)), 0);
			for (int pupil : List.of(MET, NOT_MET)) {
				school.amend(pupil, day, Session.AM, "/", null, null);
				school.amend(pupil, day, Session.PM, "I", null, "unwell");
			}
			poll();
			PollIntegrationTests.dispatchUntilQuiet(this.camel);
			LocalDate ac5 = firstDecided(MET, "AC5");
			if (meeting == null && ac5 != null && day.equals(TermCalendar.plusSchoolDays(ac5, 2))) {
				completeSamMeeting();
				meeting = day;
			}
			if (firstDecided(NOT_MET, "AC6") != null) {
				break;
			}
		}
		LocalDate entered = firstDecided(MET, "AC5");
		assertThat(entered).as("AC5 for the pupil whose meeting is held").isNotNull();
		assertThat(firstDecided(NOT_MET, "AC5")).isEqualTo(entered);
		assertThat(meeting).isNotNull();

		// 17 October's meeting: the review on the first school day of the fourth school
		// week after its week (half term is no school week), 18 November.
		LocalDate reviewedAfterMeeting = firstDecided(MET, "AC6");
		assertThat(reviewedAfterMeeting).isEqualTo(firstDayOfSchoolWeekAfter(meeting, 4));
		assertThat(explanation(MET, "AC6")).contains("when sam-meeting was completed");
		// No meeting: the period starts ten school days after AC5, 5 November, and the
		// review follows four school weeks on, 2 December.
		LocalDate reviewedWithoutMeeting = firstDecided(NOT_MET, "AC6");
		assertThat(reviewedWithoutMeeting)
			.isEqualTo(firstDayOfSchoolWeekAfter(TermCalendar.plusSchoolDays(entered, 10), 4));
		assertThat(explanation(NOT_MET, "AC6"))
			.contains("sam-meeting not having been completed within 10 school days of entering AC5");
		assertThat(reviewedAfterMeeting).isBefore(reviewedWithoutMeeting);
		// Only the reviews that were due fired: one AC6 each, on those days.
		assertThat(count("select count(distinct decided_on) from outbox where rule_id = 'AC6' and pupil_id in ("
				+ "'arbor-" + MET + "', 'arbor-" + NOT_MET + "')"))
			.isEqualTo(2);

		// The meeting never recorded is still open, and was due long before its review.
		JsonNode open = JSON.readTree(call(get("/api/tasks?school=st-johns&state=open&size=500")).getContentAsString());
		List<JsonNode> unrecorded = new ArrayList<>();
		open.forEach((task) -> {
			if (task.get("pupilId").asText().equals("arbor-" + NOT_MET)
					&& task.get("template").asText().equals("sam-meeting")) {
				unrecorded.add(task);
			}
		});
		assertThat(unrecorded).singleElement()
			.satisfies((task) -> assertThat(LocalDate.parse(task.get("dueOn").asText()))
				.isBefore(TermCalendar.plusSchoolDays(entered, 10)));
	}

	/** The SAM meeting of the pupil whose meeting is held, completed by the officer. */
	private void completeSamMeeting() throws Exception {
		long task = this.jdbc.queryForObject(
				"select id from task where school_id = 'st-johns' and pupil_id = :pupil "
						+ "and rule_id = 'AC5' and template = 'sam-meeting'",
				Map.of("pupil", "arbor-" + MET), Long.class);
		MockHttpServletResponse response = call(
				post("/api/tasks/" + task + "/complete").contentType(MediaType.APPLICATION_JSON)
					.content("{\"outcome\":\"SAM meeting held with the family; attendance contract agreed\"}"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(JSON.readTree(response.getContentAsString()).get("state").asText()).isEqualTo("done");
	}

	private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(httpBasic(OFFICER, PASSWORD))).andReturn().getResponse();
	}

	/**
	 * The first school day of the school week {@code weeks} school weeks after the week
	 * of {@code day}: weeks without school days do not count.
	 */
	private static LocalDate firstDayOfSchoolWeekAfter(LocalDate day, int weeks) {
		List<LocalDate> mondays = TermCalendar.schoolDays()
			.stream()
			.map((d) -> d.with(DayOfWeek.MONDAY))
			.distinct()
			.toList();
		LocalDate week = mondays.get(mondays.indexOf(day.with(DayOfWeek.MONDAY)) + weeks);
		return TermCalendar.schoolDays().stream().filter((d) -> !d.isBefore(week)).findFirst().orElseThrow();
	}

	private void poll() {
		this.camel.sendBodyAndHeaders("direct:sync-st-johns", null, Map.of("school", "st-johns", "mode", "REGISTER"));
	}

	private LocalDate firstDecided(int pupil, String rule) {
		return this.jdbc
			.queryForObject("select min(decided_on) from outbox where school_id = 'st-johns' and pupil_id = :pupil "
					+ "and rule_id = :rule", Map.of("pupil", "arbor-" + pupil, "rule", rule), LocalDate.class);
	}

	private String explanation(int pupil, String rule) {
		return this.jdbc
			.queryForList(
					"select explanation from outbox where school_id = 'st-johns' "
							+ "and pupil_id = :pupil and rule_id = :rule",
					Map.of("pupil", "arbor-" + pupil, "rule", rule), String.class)
			.get(0);
	}

	private long count(String sql) {
		return this.jdbc.queryForObject(sql, Map.of(), Long.class);
	}

}
