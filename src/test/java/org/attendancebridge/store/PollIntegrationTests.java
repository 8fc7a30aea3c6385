package org.attendancebridge.store;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.attendancebridge.action.dispatch.DispatchReport;
import org.attendancebridge.connector.ConnectorHealth;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.mock.school.StaffMember;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.StaffRole;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls through the real routes (Camel YAML templates from {@code routes/}, the school's
 * sync route and circuit breaker) against the mock MIS, into a real database: the same
 * tests run on H2 and on PostgreSQL. The mock's clock stands still at Monday 11 November
 * 08:40 until a test moves it.
 */
// No dispatch: it would write notes and amendments back into the mock this test reads.
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"spring.main.banner-mode=off" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PollIntegrationTests {

	/**
	 * Each database's run has a mock MIS of its own: a school day is lived once per run.
	 */
	public static MockMis startMock() {
		return MockSchoolClock.start(MockMisOptions.defaults().withRoll(40).withSpeed(0));
	}

	abstract MockMis mock();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	WatermarkStore watermarks;

	@Autowired
	ConnectorHealth health;

	@Autowired
	StaffRoleStore staffRoles;

	public static void mockProperties(DynamicPropertyRegistry registry, MockMis mock) {
		registry.add("MOCK_MIS_URL", mock::baseUrl);
		registry.add("ARBOR_ST_JOHNS_USERNAME", () -> MockCredentials.ARBOR_USER);
		registry.add("ARBOR_ST_JOHNS_PASSWORD", () -> MockCredentials.ARBOR_PASSWORD);
		registry.add("ARBOR_PREVENTION_USERNAME", () -> MockCredentials.ARBOR_USER);
		registry.add("ARBOR_PREVENTION_PASSWORD", () -> MockCredentials.ARBOR_PASSWORD);
		registry.add("WONDE_TOOLKIT_TOKEN", () -> MockCredentials.WONDE_TOKEN);
		registry.add("CLASSCHARTS_GRADUATED_USERNAME", () -> MockCredentials.CLASS_CHARTS_EMAIL);
		registry.add("CLASSCHARTS_GRADUATED_PASSWORD", () -> MockCredentials.CLASS_CHARTS_PASSWORD);
		registry.add("SIMS_STAGED_CLIENT_ID", () -> MockCredentials.SIMS_CLIENT_ID);
		registry.add("SIMS_STAGED_CLIENT_SECRET", () -> MockCredentials.SIMS_CLIENT_SECRET);
		registry.add("SIMS_STAGED_SUBSCRIPTION_KEY", () -> MockCredentials.SIMS_SUBSCRIPTION_KEY);
	}

	/**
	 * The Notify-shaped gateway and CPOMS beside the mock MIS (started with
	 * {@code withGateways()}), on their test credentials; user 7 stands for the DSL.
	 */
	public static void gatewayProperties(DynamicPropertyRegistry registry, MockMis mock) {
		registry.add("NOTIFY_BASE_URL", () -> mock.baseUrl() + "/notify");
		registry.add("NOTIFY_API_KEY",
				() -> "day_test-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY);
		registry.add("NOTIFY_TEMPLATE_ID", () -> "0b6c6f5e-5a3e-4f0e-9a57-2f2b3c4d5e6f");
		registry.add("CPOMS_BASE_URL", () -> mock.baseUrl() + "/cpoms");
		registry.add("CPOMS_API_TOKEN", () -> MockCredentials.CPOMS_TOKEN);
		registry.add("CPOMS_ALERT_USER_IDS", () -> DSL_CPOMS_USER);
		// Both on this machine, over plain http: allowed for a local mock only.
		registry.add("NOTIFY_ALLOW_PRIVATE_NETWORK", () -> "true");
		registry.add("CPOMS_ALLOW_PRIVATE_NETWORK", () -> "true");
	}

	/** The CPOMS user the tests' concerns alert: the DSL. */
	public static final String DSL_CPOMS_USER = "7";

	/** Runs the dispatch route until the outbox has nothing left to send now. */
	public static void dispatchUntilQuiet(ProducerTemplate camel) {
		for (int run = 0; run < 20; run++) {
			DispatchReport report = camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
			if (!report.isBusy()) {
				return;
			}
		}
		throw new AssertionError("the outbox did not settle in 20 dispatch runs");
	}

	private void poll(String school, String mode) {
		this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", mode));
	}

	private long count(String sql, String school) {
		return this.jdbc.queryForObject(sql, Map.of("school", school), Long.class);
	}

	private String code(String school, String pupil, LocalDate date, String session) {
		List<String> codes = this.jdbc.queryForList(
				"select code from mark where school_id = :school and "
						+ "pupil_id = :pupil and mark_date = :date and session = :session",
				Map.of("school", school, "pupil", pupil, "date", date, "session", session), String.class);
		return codes.isEmpty() ? null : codes.get(0);
	}

	@Test
	@Order(1)
	void aFirstPollStoresEveryPupilAndMarkAndASecondChangesNothing() {
		SchoolState school = mock().school("st-johns");
		poll("st-johns", "REGISTER");
		assertThat(this.health.of("st-johns")).hasValueSatisfying((s) -> assertThat(s.failuresInARow()).isZero());
		assertThat(count("select count(*) from pupil where school_id = :school", "st-johns")).isEqualTo(40);
		assertThat(count("select count(*) from contact where school_id = :school", "st-johns")).isPositive();
		long marks = school.marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).size();
		assertThat(count("select count(*) from mark where school_id = :school", "st-johns")).isEqualTo(marks);
		String watermark = this.watermarks.get("st-johns", "attendance-records").orElseThrow();
		assertThat(Long.parseLong(watermark)).isEqualTo(school.revision());
		// Every mark as the MIS has it.
		for (RegisterMark mark : school.marks((m) -> true).subList(0, 200)) {
			assertThat(code("st-johns", "arbor-" + mark.pupilId(), mark.date(), mark.session().name()))
				.isEqualTo(mark.code());
		}
		poll("st-johns", "REGISTER");
		assertThat(count("select count(*) from mark where school_id = :school", "st-johns")).isEqualTo(marks);
		assertThat(count("select count(*) from mark_history where school_id = :school", "st-johns")).isZero();
		assertThat(this.watermarks.get("st-johns", "attendance-records")).contains(watermark);
	}

	@Test
	@Order(2)
	void aCorrectionReplacesTheMarkAndKeepsTheOriginalInTheHistory() {
		SchoolState school = mock().school("st-johns");
		RegisterMark mark = school.marks((m) -> m.code().equals("N")).get(0);
		school.amend(mark.pupilId(), mark.date(), mark.session(), "I", null, "doctor's note");
		poll("st-johns", "REGISTER");
		String pupil = "arbor-" + mark.pupilId();
		assertThat(code("st-johns", pupil, mark.date(), mark.session().name())).isEqualTo("I");
		List<Map<String, Object>> history = this.jdbc.queryForList(
				"select old_code, new_code from mark_history where school_id = 'st-johns' and pupil_id = :pupil",
				Map.of("pupil", pupil));
		assertThat(history).hasSize(1);
		assertThat(history.get(0)).containsEntry("old_code", "N").containsEntry("new_code", "I");
	}

	@Test
	@Order(3)
	void aFlakyMisLosesAndDuplicatesNothing() {
		SchoolState school = mock().school("st-johns");
		mock().switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.SERVER_ERROR).times(2));
		RegisterMark mark = school.marks((m) -> m.code().equals("/")).get(5);
		school.amend(mark.pupilId(), mark.date(), mark.session(), "L", 7, "bus");
		poll("st-johns", "REGISTER");
		mock().clearFaults();
		assertThat(code("st-johns", "arbor-" + mark.pupilId(), mark.date(), mark.session().name())).isEqualTo("L");
		assertThat(count("select count(*) from mark where school_id = :school", "st-johns"))
			.isEqualTo(school.marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).size());
	}

	@Test
	@Order(4)
	void theWatermarkNeverMovesBackwards() {
		String kept = this.watermarks.get("st-johns", "attendance-records").orElseThrow();
		String after = new org.springframework.transaction.support.TransactionTemplate(
				new org.springframework.jdbc.support.JdbcTransactionManager(
						this.jdbc.getJdbcTemplate().getDataSource()))
			.execute((status) -> this.watermarks.advance("st-johns", "attendance-records", "1"));
		assertThat(after).isEqualTo(kept);
		assertThat(this.watermarks.get("st-johns", "attendance-records")).contains(kept);
	}

	@Test
	@Order(5)
	void anUnexplainedAbsenceIsTextedOnceAfterHalfPastNine() {
		poll("prevention", "REGISTER");
		poll("st-johns", "REGISTER");
		// The morning register at 08:50, then polls at 09:20 and 09:31.
		LocalDate today = LocalDate.of(2024, 11, 11);
		mock().clock().set(MockClock.at(today, LocalTime.of(9, 20)), 0);
		poll("st-johns", "REGISTER");
		long before = count(
				"select count(*) from outbox where school_id = :school and rule_id = 'FIRST_DAY' " + "and kind = 'sms'",
				"st-johns");
		assertThat(before).isZero();
		// A pupil in school all Friday is marked N this morning: a first day, no reason
		// yet.
		SchoolState school = mock().school("st-johns");
		LocalDate friday = LocalDate.of(2024, 11, 8);
		RegisterMark present = school
			.marks((m) -> m.date().equals(today) && m.session() == Session.AM && m.code().equals("/"))
			.stream()
			.filter((m) -> school.mark(m.pupilId(), friday, Session.PM).map((f) -> f.code().equals("\\")).orElse(false))
			.findFirst()
			.orElseThrow();
		school.amend(present.pupilId(), today, Session.AM, "N", null, null);
		poll("st-johns", "REGISTER");
		assertThat(count("select count(*) from outbox where school_id = :school and rule_id = 'FIRST_DAY'", "st-johns"))
			.isZero();
		mock().clock().set(MockClock.at(today, LocalTime.of(9, 31)), 0);
		poll("st-johns", "REGISTER");
		List<String> texted = this.jdbc.queryForList(
				"select pupil_id from outbox where school_id = 'st-johns' "
						+ "and rule_id = 'FIRST_DAY' and kind = 'sms' and template = 'truancy-text'",
				Map.of(), String.class);
		// That pupil is texted, once; any other pupil texted has no reason today either.
		assertThat(texted).contains("arbor-" + present.pupilId()).doesNotHaveDuplicates();
		for (String pupil : texted) {
			assertThat(code("st-johns", pupil, today, "AM")).isIn("N", "O");
		}
		long actions = count("select count(*) from outbox where school_id = :school", "st-johns");
		poll("st-johns", "NIGHTLY");
		poll("st-johns", "REGISTER");
		assertThat(count("select count(*) from outbox where school_id = :school", "st-johns")).isEqualTo(actions);
		assertThat(count("select count(*) from action_log l join outbox o on o.id = l.outbox_id "
				+ "where o.school_id = :school", "st-johns"))
			.isEqualTo(actions);
	}

	@Test
	@Order(6)
	void aSchoolOnWondeIsPolledToo() {
		poll("toolkit", "REGISTER");
		assertThat(count("select count(*) from pupil where school_id = :school", "toolkit")).isEqualTo(40);
		assertThat(count("select count(*) from mark where school_id = :school", "toolkit"))
			.isEqualTo(mock().school("toolkit").marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).size());
	}

	@Test
	@Order(7)
	void theNightlyReadKeepsAMarkWhoseRecordCannotBeReadNow() {
		poll("st-johns", "NIGHTLY");
		long before = count("select count(*) from mark where school_id = :school", "st-johns");
		mock().switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.UNKNOWN_CODE));
		try {
			poll("st-johns", "NIGHTLY");
			List<RegisterMark> unreadable = mock().school("st-johns")
				.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE));
			assertThat(unreadable).isNotEmpty();
			for (RegisterMark mark : unreadable) {
				assertThat(code("st-johns", "arbor-" + mark.pupilId(), mark.date(), mark.session().name())).isNotNull();
			}
			assertThat(count("select count(*) from mark where school_id = :school", "st-johns")).isEqualTo(before);
		}
		finally {
			mock().clearFaults();
		}
	}

	@Test
	@Order(8)
	void aSchoolOnClassChartsIsReadWhollyFirstThenItsRecentDays() {
		SchoolState school = mock().school("graduated");
		poll("graduated", "REGISTER");
		assertThat(this.health.of("graduated")).hasValueSatisfying((s) -> assertThat(s.failuresInARow()).isZero());
		assertThat(count("select count(*) from pupil where school_id = :school", "graduated")).isEqualTo(40);
		assertThat(count("select count(*) from mark where school_id = :school", "graduated"))
			.isEqualTo(school.marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).size());
		// A correction a few days back is picked up by the next poll of the recent days.
		RegisterMark mark = school.marks((m) -> m.date().equals(LocalDate.of(2024, 11, 6)) && m.code().equals("/"))
			.get(0);
		school.amend(mark.pupilId(), mark.date(), mark.session(), "M", null, "dentist");
		poll("graduated", "REGISTER");
		assertThat(code("graduated", "classcharts-" + mark.pupilId(), mark.date(), mark.session().name()))
			.isEqualTo("M");
	}

	private long readableMarks(String school) {
		return mock().school(school).marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).size();
	}

	@Test
	@Order(9)
	void aSchoolOnSimsIsReadWhollyFirstThenFromItsChangeFeed() {
		SchoolState school = mock().school("staged");
		poll("staged", "REGISTER");
		assertThat(this.health.of("staged")).hasValueSatisfying((s) -> assertThat(s.failuresInARow()).isZero());
		assertThat(count("select count(*) from pupil where school_id = :school", "staged")).isEqualTo(40);
		assertThat(count("select count(*) from contact where school_id = :school", "staged")).isPositive();
		assertThat(count("select count(*) from mark where school_id = :school", "staged"))
			.isEqualTo(readableMarks("staged"));
		// The school's sub-codes (I01, M01, ...) are stored as the statutory codes.
		for (RegisterMark mark : school.marks((m) -> true).subList(0, 300)) {
			assertThat(code("staged", "sims-L-" + mark.pupilId(), mark.date(), mark.session().name()))
				.isEqualTo(mark.code());
		}
		String watermark = this.watermarks.get("staged", "AttendanceRecords").orElseThrow();
		// A correction comes through the change feed, and the watermark moves on.
		RegisterMark mark = school.marks((m) -> m.code().equals("/")).get(3);
		school.amend(mark.pupilId(), mark.date(), mark.session(), "L", 6, "bus");
		poll("staged", "REGISTER");
		String pupil = "sims-L-" + mark.pupilId();
		assertThat(code("staged", pupil, mark.date(), mark.session().name())).isEqualTo("L");
		assertThat(this.jdbc.queryForList(
				"select old_code, new_code from mark_history where school_id = 'staged' and pupil_id = :pupil",
				Map.of("pupil", pupil)))
			.singleElement()
			.satisfies((h) -> assertThat(h).containsEntry("old_code", "/").containsEntry("new_code", "L"));
		String moved = this.watermarks.get("staged", "AttendanceRecords").orElseThrow();
		assertThat(java.time.Instant.parse(moved)).isAfter(java.time.Instant.parse(watermark));
		poll("staged", "REGISTER");
		assertThat(count("select count(*) from mark where school_id = :school", "staged"))
			.isEqualTo(readableMarks("staged"));
		assertThat(count("select count(*) from mark_history where school_id = :school", "staged")).isEqualTo(1);
		assertThat(this.watermarks.get("staged", "AttendanceRecords")).contains(moved);
	}

	@Test
	@Order(10)
	void aSimsTokenRevokedMidPollAndAnUnknownCodeLoseNothing() {
		SchoolState school = mock().school("staged");
		long before = count("select count(*) from mark where school_id = :school", "staged");
		mock().switchOn(FaultSwitch.of("sims", "staged", FaultKind.TOKEN_EXPIRY).times(1));
		mock().switchOn(FaultSwitch.of("sims", "staged", FaultKind.UNKNOWN_CODE));
		try {
			List<RegisterMark> unreadable = school.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE));
			assertThat(unreadable).isNotEmpty();
			poll("staged", "REGISTER");
			assertThat(this.health.of("staged")).hasValueSatisfying((s) -> assertThat(s.failuresInARow()).isZero());
			// The rejected record leaves the stored mark of its session as it was; the
			// rest of the batch lands.
			for (RegisterMark mark : unreadable) {
				assertThat(code("staged", "sims-L-" + mark.pupilId(), mark.date(), mark.session().name())).isNotNull();
			}
			assertThat(count("select count(*) from mark where school_id = :school", "staged")).isEqualTo(before);
			poll("staged", "NIGHTLY");
			assertThat(this.health.of("staged")).hasValueSatisfying((s) -> assertThat(s.failuresInARow()).isZero());
			assertThat(count("select count(*) from mark where school_id = :school", "staged")).isEqualTo(before);
		}
		finally {
			mock().clearFaults();
		}
	}

	@Test
	@Order(11)
	void theSimsSchoolsAfternoonRegisterArrivesThroughTheChangeFeed() {
		SchoolState school = mock().school("staged");
		LocalDate today = LocalDate.of(2024, 11, 11);
		String watermark = this.watermarks.get("staged", "AttendanceRecords").orElseThrow();
		assertThat(school.marks((m) -> m.date().equals(today) && m.session() == Session.PM)).isEmpty();
		// The afternoon register is taken at 13:20.
		mock().clock().set(MockClock.at(today, LocalTime.of(13, 30)), 0);
		poll("staged", "REGISTER");
		List<RegisterMark> afternoon = school.marks((m) -> m.date().equals(today) && m.session() == Session.PM
				&& !m.code().equals(SchoolState.UNKNOWN_CODE));
		assertThat(afternoon).isNotEmpty();
		for (RegisterMark mark : afternoon) {
			assertThat(code("staged", "sims-L-" + mark.pupilId(), today, "PM")).isEqualTo(mark.code());
		}
		assertThat(java.time.Instant.parse(this.watermarks.get("staged", "AttendanceRecords").orElseThrow()))
			.isAfter(java.time.Instant.parse(watermark));
	}

	@Test
	@Order(12)
	void everySchoolsStaffRolesAreStoredWithItsFirstPollAndResolveForAPupil() {
		for (String school : List.of("st-johns", "prevention", "toolkit", "graduated", "staged")) {
			if (count("select count(*) from pupil where school_id = :school", school) == 0) {
				poll(school, "REGISTER");
			}
		}
		// Arbor serves its staff: each in a role policies can address is stored, by id.
		for (String arbor : List.of("st-johns", "prevention")) {
			SchoolState school = mock().school(arbor);
			assertThat(this.staffRoles.all(arbor)).hasSize(school.staff().size())
				.allSatisfy((r) -> assertThat(r.staffId()).startsWith("arbor-staff-"));
		}
		// A pupil's tutor is the tutor of their form, their head of year that of their
		// year; a senco is school-wide.
		SchoolState stJohns = mock().school("st-johns");
		Map<String, Object> pupil = this.jdbc
			.queryForList("select year_group, registration_group from pupil where school_id = 'st-johns' "
					+ "and registration_group is not null order by pupil_id", Map.of())
			.get(0);
		String year = (String) pupil.get("year_group");
		String form = (String) pupil.get("registration_group");
		StaffMember tutor = stJohns.staff()
			.stream()
			.filter((m) -> m.role().equals("tutor") && m.responsibleFor().equals(form))
			.findFirst()
			.orElseThrow();
		assertThat(this.staffRoles.find("st-johns", "tutor", year, form))
			.containsExactly(new StaffRole("tutor", "arbor-staff-" + tutor.id(), tutor.email(), form));
		StaffMember head = stJohns.staff()
			.stream()
			.filter((m) -> m.role().equals("head-of-year") && m.responsibleFor().equals(year))
			.findFirst()
			.orElseThrow();
		assertThat(this.staffRoles.find("st-johns", "head-of-year", year, form)).extracting(StaffRole::email)
			.containsExactly(head.email());
		assertThat(this.staffRoles.find("st-johns", "senco", year, form)).hasSize(1)
			.allSatisfy((r) -> assertThat(r.covers()).isNull());
		assertThat(this.staffRoles.find("st-johns", "social-worker", year, form)).isEmpty();
		// The nightly read refreshes them: nothing is lost or doubled.
		poll("st-johns", "NIGHTLY");
		assertThat(this.staffRoles.all("st-johns")).hasSize(stJohns.staff().size());
		// SIMS, Class Charts and Wonde serve no staff here: the connector file names
		// them,
		// and its tutor covers every form.
		for (String school : List.of("toolkit", "graduated", "staged")) {
			assertThat(this.staffRoles.all(school)).extracting(StaffRole::role)
				.containsExactlyInAnyOrder("tutor", "head-of-year", "senco", "dsl", "pp-coordinator",
						"attendance-officer", "key-worker");
			Map<String, Object> any = this.jdbc
				.queryForList("select year_group, registration_group from pupil where school_id = :school "
						+ "order by pupil_id", Map.of("school", school))
				.get(0);
			assertThat(this.staffRoles.find(school, "tutor", (String) any.get("year_group"),
					(String) any.get("registration_group")))
				.extracting(StaffRole::email)
				.containsExactly("tutors@" + school + ".example.sch.uk");
		}
	}

	@Test
	@Order(13)
	void aPupilWhoseFlagHasTheWrongTypeStaysAsStoredAndAContactWhoseConsentHasItIsNotTexted() throws Exception {
		SyncReport first = poll("toolkit");
		String students = "/wonde/v1.0/schools/toolkit/students";
		String answer = mock().server()
			.getAllServeEvents()
			.stream()
			.filter((e) -> e.getRequest().getUrl().startsWith(students + "?"))
			.findFirst()
			.orElseThrow()
			.getResponse()
			.getBodyAsString();
		JsonNode data = new ObjectMapper().readTree(answer).path("data");
		ObjectNode body = (ObjectNode) new ObjectMapper().readTree(answer);
		// The first student's record: a child in need sent as text, and a year that
		// would be stored if the record were.
		String held = "wonde-" + data.get(0).path("id").asText();
		Map<String, Object> stored = this.jdbc.queryForMap(
				"select year_group, vulnerable, left_on from pupil where school_id = 'toolkit' and pupil_id = :pupil",
				Map.of("pupil", held));
		List<String> heldContacts = contactsOf(held);
		ObjectNode heldStudent = (ObjectNode) body.path("data").get(0);
		((ObjectNode) heldStudent.at("/extended_details/data")).put("child_in_need", "true");
		((ObjectNode) heldStudent.at("/year/data")).put("code", "13");
		// Another student's contact who may be texted: the consent sent as a word.
		String pupil = null;
		String contact = null;
		for (int s = 1; contact == null; s++) {
			JsonNode contacts = data.get(s).path("contacts").path("data");
			for (int c = 0; contact == null && c < contacts.size(); c++) {
				if (contacts.get(c).path("relationship").path("sms_consent").asBoolean()) {
					pupil = "wonde-" + data.get(s).path("id").asText();
					contact = "wonde-" + contacts.get(c).path("id").asText();
					((ObjectNode) body.path("data").get(s).path("contacts").path("data").get(c).path("relationship"))
						.put("sms_consent", "yes");
				}
			}
		}
		assertThat(maySms(pupil, contact)).isTrue();
		long contactsBefore = count("select count(*) from contact where school_id = :school", "toolkit");
		StubMapping changed = mock().server()
			.stubFor(WireMock.get(WireMock.urlPathEqualTo(students))
				.atPriority(1)
				.willReturn(WireMock.okJson(body.toString())));
		try {
			SyncReport report = poll("toolkit");
			assertThat(this.health.of("toolkit")).hasValueSatisfying((h) -> assertThat(h.failuresInARow()).isZero());
			assertThat(report.pupils()).isEqualTo(first.pupils() - 1);
			assertThat(report.rejected()).isGreaterThanOrEqualTo(first.rejected() + 2);
			// Nobody left the roll; the unreadable record changed nothing of its pupil.
			assertThat(count("select count(*) from pupil where school_id = :school and left_on is null", "toolkit"))
				.isEqualTo(40);
			assertThat(this.jdbc.queryForMap("select year_group, vulnerable, left_on from pupil "
					+ "where school_id = 'toolkit' and pupil_id = :pupil", Map.of("pupil", held)))
				.isEqualTo(stored);
			assertThat(contactsOf(held)).isEqualTo(heldContacts);
			// The contact is kept, not to be texted.
			assertThat(count("select count(*) from contact where school_id = :school", "toolkit"))
				.isEqualTo(contactsBefore);
			assertThat(maySms(pupil, contact)).isFalse();
		}
		finally {
			mock().server().removeStub(changed);
		}
		poll("toolkit");
		assertThat(maySms(pupil, contact)).isTrue();
	}

	/** An hourly poll of a school, which reads its pupils too. */
	private SyncReport poll(String school) {
		return this.camel.requestBodyAndHeaders("direct:sync-" + school, null,
				Map.of("school", school, "mode", "HOURLY"), SyncReport.class);
	}

	private List<String> contactsOf(String pupil) {
		return this.jdbc.queryForList("select contact_id || ' ' || priority || ' ' || may_sms || ' ' || "
				+ "parental_responsibility from contact where school_id = 'toolkit' and pupil_id = :pupil "
				+ "order by contact_id", Map.of("pupil", pupil), String.class);
	}

	private boolean maySms(String pupil, String contact) {
		return this.jdbc.queryForObject(
				"select may_sms from contact where school_id = 'toolkit' and pupil_id = :pupil and contact_id = :contact",
				Map.of("pupil", pupil, "contact", contact), Boolean.class);
	}

}
