package org.attendancebridge.action.mis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Delivery.Outcome;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.dispatch.OutboxOperator;
import org.attendancebridge.action.letter.LetterChannel;
import org.attendancebridge.action.letter.LetterDocumentChannel;
import org.attendancebridge.action.letter.LetterDocumentStep;
import org.attendancebridge.action.letter.LetterStore;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.PupilDocument;
import org.attendancebridge.mock.school.PupilNote;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.Recipients;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.StaffRoleStore;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notes, mark amendments, staff alerts and letters' documents written back into each kind
 * of MIS, against the mock MIS (Arbor, SIMS, Class Charts, Wonde) through the adapter's
 * own connectors and Camel http, on a real database (H2 and PostgreSQL). Pupils and staff
 * roles come from polling the demo schools: st-johns is on Arbor, staged on SIMS,
 * graduated on Class Charts, toolkit on Wonde. What arrived is counted in the mock's own
 * records and in WireMock's request journal, by our reference.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.dispatch.node=test-node", "attendance-bridge.mis.response-timeout-millis=1500",
		"spring.main.banner-mode=off" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MisChannelsTests {

	/** A school day before the mock's clock (Monday 11 November 2024, 08:40). */
	static final LocalDate FRIDAY = LocalDate.of(2024, 11, 8);

	static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	private static final AtomicInteger KEYS = new AtomicInteger();

	/** Pupils each test has used, so none is used twice and their data is checked. */
	private static final AtomicInteger NEXT_PUPIL = new AtomicInteger();

	static MockMis startMock() {
		return MockSchoolClock.start(MockMisOptions.defaults().withRoll(40).withSpeed(0));
	}

	abstract MockMis mock();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	StaffRoleStore staffRoles;

	@Autowired
	MisNoteChannel notes;

	@Autowired
	MarkAmendChannel amendments;

	@Autowired
	StaffAlertChannel alerts;

	@Autowired
	LetterChannel letterChannel;

	@Autowired
	LetterDocumentChannel documents;

	@Autowired
	LetterStore letters;

	@Autowired
	OutboxOperator operator;

	static void mockProperties(DynamicPropertyRegistry registry, MockMis mock) {
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

	/** After the context started: Spring Boot resets Logback as it starts. */
	@BeforeEach
	void captureLogsAndPoll() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender("mis-channels-capture") == null) {
			LOGS.setName("mis-channels-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
		mock().clearFaults();
		for (String school : List.of("st-johns", "staged", "graduated", "toolkit")) {
			if (this.jdbc.queryForObject("select count(*) from pupil where school_id = :school",
					Map.of("school", school), Integer.class) == 0) {
				this.camel.sendBodyAndHeaders("direct:sync-" + school, null,
						Map.of("school", school, "mode", "HOURLY"));
			}
		}
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	// --- helpers ---

	/** The MIS id of a pupil of the school no other test has used. */
	private int freshPupil(String school) {
		List<MockPupil> roll = mock().school(school).pupils();
		return roll.get(NEXT_PUPIL.incrementAndGet() % roll.size()).id();
	}

	/** Our internal id for a mock pupil, as each connector builds it. */
	private static String ours(String school, int misId) {
		return switch (school) {
			case "st-johns", "prevention" -> "arbor-" + misId;
			case "staged" -> "sims-L-" + misId;
			case "graduated" -> "classcharts-" + misId;
			default -> "wonde-A" + (1_000_000_000L + misId * 7_919L);
		};
	}

	private OutboxAction propose(String school, String pupil, ActionKind kind, String recipient, String template,
			LocalDate markDate, List<String> copyTo) {
		String key = "mis-test|" + KEYS.incrementAndGet();
		PlannedAction planned = new PlannedAction(key, school, pupil, "test-policy", 1, "TEST", false, TODAY, kind,
				recipient, template, copyTo, TODAY, markDate, (markDate == null) ? null : "O",
				"a test of writing back to the MIS",
				new PlannedAction.PupilFigures(88.5, 130, 115, 9, 6, 48.75, "AC5"));
		assertThat(this.outbox.propose(List.of(planned), "PENDING")).isEqualTo(1);
		long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = :key", Map.of("key", key),
				Long.class);
		return new OutboxAction(id, OutboxAction.referenceOf(id), planned, 0);
	}

	private OutboxAction note(String school, String pupil) {
		return propose(school, pupil, ActionKind.MIS_NOTE, "mis", "tracking-record", null, List.of());
	}

	private OutboxAction amendment(String school, String pupil) {
		return propose(school, pupil, ActionKind.MARK_AMEND, "mis", "n-to-o-amendment", FRIDAY, List.of());
	}

	private OutboxAction alert(String school, String pupil, String role) {
		return propose(school, pupil, ActionKind.STAFF_ALERT, role, "pa-monitoring", null, List.of());
	}

	private OutboxAction letter(String school, String pupil) {
		return propose(school, pupil, ActionKind.LETTER, "parent", "early-support-letter", null, List.of());
	}

	/** The action attaching the letter to the pupil in the MIS, as dispatch claims it. */
	private OutboxAction documentOf(OutboxAction letter) {
		Map<String, Object> row = this.jdbc.queryForMap(
				"select id, payload, attempts from outbox where dedupe_key = :key",
				Map.of("key", letter.planned().dedupeKey() + LetterDocumentStep.KEY_SUFFIX));
		long id = ((Number) row.get("id")).longValue();
		return new OutboxAction(id, OutboxAction.referenceOf(id), OutboxStore.action((String) row.get("payload")),
				((Number) row.get("attempts")).intValue());
	}

	/** The letter made for the action, delivered by its channel, with its attachment. */
	private OutboxAction madeLetter(String school) {
		OutboxAction letter = letter(school, ours(school, freshPupil(school)));
		assertThat(this.letterChannel.deliver(letter).outcome()).as(school).isEqualTo(Outcome.SENT);
		return documentOf(letter);
	}

	/** The documents the mock MIS holds with our reference. */
	private List<PupilDocument> documentsWith(String school, OutboxAction action) {
		return mock().school(school)
			.documents(null)
			.stream()
			.filter((d) -> d.reference().equals(action.reference()))
			.toList();
	}

	/** Document uploads that reached the mock carrying our reference (the journal). */
	private long uploadsWith(OutboxAction action) {
		return mock().server()
			.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.filter((r) -> r.getMethod().getName().equals("POST"))
			.filter((r) -> r.getUrl().toLowerCase(java.util.Locale.ROOT).contains("documents"))
			.filter((r) -> r.getBodyAsString().contains("\"" + action.reference() + "\""))
			.count();
	}

	/** The states the action went through, from its action log entries. */
	private List<String> states(OutboxAction action) {
		return this.jdbc.queryForList("select state from action_log where outbox_id = :id order by seq",
				Map.of("id", action.id()), String.class);
	}

	private static OutboxAction retry(OutboxAction action) {
		return new OutboxAction(action.id(), action.reference(), action.planned(), action.attempts() + 1);
	}

	/** An N for the pupil's Friday morning, as a register left unexplained. */
	private void unexplained(String school, int misId) {
		mock().school(school).amend(misId, FRIDAY, Session.AM, "N", null, null);
	}

	private RegisterMark friday(String school, int misId, Session session) {
		return mock().school(school).mark(misId, FRIDAY, session).orElseThrow();
	}

	/** The notes of any kind the mock MIS holds with our reference. */
	private List<PupilNote> notesWith(String school, OutboxAction action) {
		return mock().school(school)
			.notes(null)
			.stream()
			.filter((n) -> n.content().contains("[" + action.reference() + "]"))
			.toList();
	}

	/** Writes that reached the mock carrying our reference (WireMock's journal). */
	private long writesWith(OutboxAction action) {
		return mock().server()
			.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.filter((r) -> r.getMethod().getName().equals("POST"))
			.filter((r) -> r.getBodyAsString().contains(action.reference() + "]"))
			.count();
	}

	private Map<String, Object> row(OutboxAction action) {
		return this.jdbc.queryForMap("select state, provider_id, last_error from outbox where id = :id",
				Map.of("id", action.id()));
	}

	private void dispatch() {
		this.camel.requestBody("direct:dispatch-outbox", (Object) null);
	}

	private void switchOn(String system, String school, FaultKind kind, Function<FaultSwitch, FaultSwitch> how) {
		mock().switchOn(how.apply(FaultSwitch.of(system, school, kind).times(1).writesOnly(true)));
	}

	// --- notes ---

	@Test
	@Order(1)
	void aNoteArrivesOnceInArborSimsAndClassChartsThroughTheDispatcher() {
		Map<String, String> kinds = Map.of("st-johns", "PastoralNote", "staged", "LearnerNote", "graduated",
				"PupilNote");
		for (String school : kinds.keySet()) {
			int pupil = freshPupil(school);
			OutboxAction action = note(school, ours(school, pupil));
			dispatch();
			dispatch();
			assertThat(row(action)).as(school).containsEntry("state", "SENT");
			List<PupilNote> arrived = notesWith(school, action);
			assertThat(arrived).as(school).hasSize(1);
			assertThat(arrived.get(0).kind()).isEqualTo(kinds.get(school));
			assertThat(arrived.get(0).pupilId()).isEqualTo(pupil);
			assertThat(arrived.get(0).content()).contains("attendance 88.5%", "rule TEST");
			assertThat(writesWith(action)).as(school).isEqualTo(1);
			assertThat(String.valueOf(row(action).get("provider_id"))).as(school)
				.contains(String.valueOf(arrived.get(0).id()));
		}
	}

	@Test
	@Order(2)
	void wondeTakesNoNoteAndTheActionFailsNamingTheSchool() {
		OutboxAction action = note("toolkit", ours("toolkit", freshPupil("toolkit")));
		dispatch();
		assertThat(row(action)).containsEntry("state", "FAILED");
		assertThat((String) row(action).get("last_error")).contains("toolkit", "Wonde cannot take notes");
		assertThat(writesWith(action)).isZero();
	}

	@Test
	@Order(3)
	void arborRefusingTheNoteFailsWithArborsReason() {
		OutboxAction action = note("st-johns", "arbor-999999");
		Delivery delivery = this.notes.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(delivery.detail()).contains("st-johns", "422", "no pupil 999999 on roll");
	}

	// --- mark amendments ---

	@Test
	@Order(4)
	void anUnexplainedMarkIsAmendedOnceInArborSimsAndWondeThroughTheDispatcher() {
		for (String school : List.of("st-johns", "staged", "toolkit")) {
			int pupil = freshPupil(school);
			unexplained(school, pupil);
			String afternoon = friday(school, pupil, Session.PM).code();
			OutboxAction action = amendment(school, ours(school, pupil));
			dispatch();
			dispatch();
			assertThat(row(action)).as(school).containsEntry("state", "SENT");
			RegisterMark morning = friday(school, pupil, Session.AM);
			assertThat(morning.code()).as(school).isEqualTo("O");
			assertThat(morning.comment()).as(school).contains("N amended to O", "[" + action.reference() + "]");
			assertThat(friday(school, pupil, Session.PM).code()).as(school).isEqualTo(afternoon);
			assertThat(writesWith(action)).as(school).isEqualTo(1);
		}
	}

	@Test
	@Order(5)
	void aMarkTheSchoolResolvedMeanwhileIsLeftAlone() {
		int pupil = freshPupil("st-johns");
		mock().school("st-johns").amend(pupil, FRIDAY, Session.AM, "I", null, "doctor's note");
		mock().school("st-johns").amend(pupil, FRIDAY, Session.PM, "I", null, "doctor's note");
		OutboxAction action = amendment("st-johns", ours("st-johns", pupil));
		Delivery delivery = this.amendments.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.SENT);
		assertThat(delivery.detail()).contains("nothing to amend");
		assertThat(friday("st-johns", pupil, Session.AM).code()).isEqualTo("I");
		assertThat(writesWith(action)).isZero();
	}

	@Test
	@Order(6)
	void classChartsTakesNoAmendmentAndTheActionFailsNamingTheSchool() {
		OutboxAction action = amendment("graduated", ours("graduated", freshPupil("graduated")));
		Delivery delivery = this.amendments.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(delivery.detail()).contains("graduated", "Class Charts' API takes no attendance writes");
	}

	// --- staff alerts ---

	@Test
	@Order(7)
	void aStaffAlertGoesToWhoeverHoldsTheRoleForThePupil() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			int pupil = freshPupil(school);
			String pupilId = ours(school, pupil);
			Map<String, Object> card = this.jdbc.queryForMap(
					"select year_group, registration_group from pupil where school_id = :school and pupil_id = :pupil",
					Map.of("school", school, "pupil", pupilId));
			List<StaffRole> tutors = this.staffRoles.find(school, StaffRole.TUTOR, (String) card.get("year_group"),
					(String) card.get("registration_group"));
			assertThat(tutors).as(school).isNotEmpty();
			OutboxAction action = alert(school, pupilId, StaffRole.TUTOR);
			dispatch();
			dispatch();
			assertThat(row(action)).as(school).containsEntry("state", "SENT");
			List<PupilNote> arrived = notesWith(school, action);
			assertThat(arrived).as(school).hasSize(1);
			assertThat(arrived.get(0).pupilId()).isEqualTo(pupil);
			assertThat(arrived.get(0).summary() + " " + arrived.get(0).content()).as(school)
				.contains(school.equals("st-johns") ? "tutor" : tutors.get(0).staffId());
			assertThat(writesWith(action)).as(school).isEqualTo(1);
		}
		// Arbor: a follow-up assigned to the tutor of the pupil's own form.
		assertThat(mock().school("st-johns").notes("AttendanceFollowUp")).isNotEmpty();
		String body = mock().server()
			.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.filter((r) -> r.getUrl().endsWith("/attendance-follow-ups"))
			.findFirst()
			.orElseThrow()
			.getBodyAsString();
		assertThat(body).contains("\"assignedStaff\"", "/rest-v2/staff/");
	}

	@Test
	@Order(8)
	void anAlertToARoleNobodyHoldsFailsNamingTheSchoolAndTheRole() {
		Set<String> held = new java.util.HashSet<>();
		this.staffRoles.all("st-johns").forEach((r) -> held.add(r.role()));
		String nobody = Recipients.STAFF_ROLES.stream().filter((r) -> !held.contains(r)).findFirst().orElseThrow();
		int pupil = freshPupil("st-johns");
		OutboxAction action = alert("st-johns", ours("st-johns", pupil), nobody);
		dispatch();
		assertThat(row(action)).containsEntry("state", "FAILED");
		assertThat((String) row(action).get("last_error")).contains("st-johns", "nobody holds the role '" + nobody);
		assertThat(writesWith(action)).isZero();
	}

	// --- faults ---

	@Test
	@Order(9)
	void a500OnTheWriteIsRetryableAndTheRetryWritesOnce() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction action = note(school, ours(school, freshPupil(school)));
			switchOn(system, school, FaultKind.SERVER_ERROR, (f) -> f.withStatus(500));
			Delivery failed = this.notes.deliver(action);
			assertThat(failed.outcome()).as(school).isEqualTo(Outcome.RETRYABLE);
			assertThat(failed.detail()).as(school).contains("500", "looks it up first");
			assertThat(this.notes.deliver(retry(action)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(notesWith(school, action)).as(school).hasSize(1);
		}
		int pupil = freshPupil("toolkit");
		unexplained("toolkit", pupil);
		OutboxAction action = amendment("toolkit", ours("toolkit", pupil));
		switchOn("wonde", "toolkit", FaultKind.SERVER_ERROR, (f) -> f.withStatus(503));
		assertThat(this.amendments.deliver(action).outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(friday("toolkit", pupil, Session.AM).code()).isEqualTo("N");
		assertThat(this.amendments.deliver(retry(action)).outcome()).isEqualTo(Outcome.SENT);
		assertThat(friday("toolkit", pupil, Session.AM).code()).isEqualTo("O");
		assertThat(writesWith(action)).isEqualTo(2);
	}

	@Test
	@Order(10)
	void aRateLimitIsRetryable() {
		OutboxAction action = note("st-johns", ours("st-johns", freshPupil("st-johns")));
		switchOn("arbor", "st-johns", FaultKind.RATE_LIMIT, (f) -> f.withRetryAfter(5));
		Delivery delivery = this.notes.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(delivery.detail()).contains("429");
		assertThat(notesWith("st-johns", action)).isEmpty();
	}

	@Test
	@Order(11)
	void anAnswerLostAfterTheWriteIsInDoubtAndTheLookUpFindsItWithoutWritingAgain() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction action = note(school, ours(school, freshPupil(school)));
			switchOn(system, school, FaultKind.SLOW, (f) -> f.withDelay(3000));
			Delivery lost = this.notes.deliver(action);
			assertThat(lost.outcome()).as(school).isEqualTo(Outcome.IN_DOUBT);
			assertThat(lost.detail()).as(school).contains(action.reference());
			assertThat(this.notes.find(action)).as(school)
				.hasValueSatisfying((found) -> assertThat(found.outcome()).isEqualTo(Outcome.SENT));
			// A retry looks first, and finds it.
			assertThat(this.notes.deliver(retry(action)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(notesWith(school, action)).as(school).hasSize(1);
			assertThat(writesWith(action)).as(school).isEqualTo(1);
		}
		for (String school : List.of("st-johns", "staged", "toolkit")) {
			String system = mock().school(school).spec().mis().path();
			int pupil = freshPupil(school);
			unexplained(school, pupil);
			OutboxAction action = amendment(school, ours(school, pupil));
			switchOn(system, school, FaultKind.SLOW, (f) -> f.withDelay(3000));
			assertThat(this.amendments.deliver(action).outcome()).as(school).isEqualTo(Outcome.IN_DOUBT);
			assertThat(this.amendments.find(action)).as(school)
				.hasValueSatisfying((found) -> assertThat(found.outcome()).isEqualTo(Outcome.SENT));
			assertThat(this.amendments.deliver(retry(action)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(friday(school, pupil, Session.AM).code()).as(school).isEqualTo("O");
			assertThat(writesWith(action)).as(school).isEqualTo(1);
		}
	}

	@Test
	@Order(12)
	void aResetIsInDoubtAndWhenTheLookUpFindsNothingTheRetryWritesOnce() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction action = alert(school, ours(school, freshPupil(school)), "dsl");
			switchOn(system, school, FaultKind.CONNECTION_RESET, Function.identity());
			assertThat(this.alerts.deliver(action).outcome()).as(school).isEqualTo(Outcome.IN_DOUBT);
			assertThat(this.alerts.find(action)).as(school).isEmpty();
			assertThat(this.alerts.deliver(retry(action)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(notesWith(school, action)).as(school).hasSize(1);
		}
		int pupil = freshPupil("staged");
		unexplained("staged", pupil);
		OutboxAction action = amendment("staged", ours("staged", pupil));
		switchOn("sims", "staged", FaultKind.CONNECTION_RESET, Function.identity());
		assertThat(this.amendments.deliver(action).outcome()).isEqualTo(Outcome.IN_DOUBT);
		assertThat(this.amendments.find(action)).isEmpty();
		assertThat(this.amendments.deliver(retry(action)).outcome()).isEqualTo(Outcome.SENT);
		assertThat(friday("staged", pupil, Session.AM).code()).isEqualTo("O");
	}

	// --- letters attached to the pupil in the MIS ---

	@Test
	@Order(13)
	void aLetterIsAttachedOnceToThePupilInArborSimsAndClassChartsThroughTheDispatcher() {
		Map<String, String> kinds = Map.of("st-johns", "StudentDocument", "staged", "LearnerDocument", "graduated",
				"PupilDocument");
		for (String school : kinds.keySet()) {
			int pupil = freshPupil(school);
			OutboxAction letter = letter(school, ours(school, pupil));
			dispatch();
			dispatch();
			assertThat(row(letter)).as(school).containsEntry("state", "SENT");
			OutboxAction document = documentOf(letter);
			assertThat(document.planned().kind()).isEqualTo(ActionKind.MIS_DOCUMENT);
			assertThat(row(document)).as(school).containsEntry("state", "SENT");
			List<PupilDocument> arrived = documentsWith(school, document);
			assertThat(arrived).as(school).hasSize(1);
			PupilDocument attached = arrived.get(0);
			assertThat(attached.kind()).isEqualTo(kinds.get(school));
			assertThat(attached.pupilId()).isEqualTo(pupil);
			assertThat(attached.contentType()).isEqualTo("application/pdf");
			LetterStore.StoredLetter kept = this.letters.forActionKey(letter.planned().dedupeKey()).orElseThrow();
			assertThat(attached.content()).as(school).isEqualTo(kept.pdf());
			assertThat(attached.title()).isEqualTo("Attendance letter: early-support-letter");
			assertThat(attached.fileName()).isEqualTo("attendance-letter-" + kept.id() + ".pdf");
			assertThat(uploadsWith(document)).as(school).isEqualTo(1);
			assertThat(String.valueOf(row(document).get("provider_id"))).as(school)
				.contains(String.valueOf(attached.id()));
			assertThat(states(document)).as(school).containsExactly("PENDING", "SENDING", "SENT");
			// The letter is still in the post tray: posting does not wait on the MIS.
			assertThat(this.letters.forPosting(school)).extracting(LetterStore.LetterRow::id).contains(kept.id());
			// Later runs, and the letter found made again, attach nothing more.
			assertThat(this.letterChannel.find(letter)).isPresent();
			dispatch();
			assertThat(documentsWith(school, document)).as(school).hasSize(1);
			assertThat(this.jdbc.queryForObject("select count(*) from outbox where dedupe_key like :key",
					Map.of("key", letter.planned().dedupeKey() + "%"), Integer.class))
				.isEqualTo(2);
		}
	}

	@Test
	@Order(14)
	void wondeTakesNoDocumentSoTheLetterWaitsInThePostTrayAndTheAttachmentFailsSayingSo() {
		OutboxAction letter = letter("toolkit", ours("toolkit", freshPupil("toolkit")));
		// Toolkit approves letters before they go out.
		this.operator.approve(letter.id(), "officer");
		dispatch();
		dispatch();
		assertThat(row(letter)).containsEntry("state", "SENT");
		long made = this.letters.forActionKey(letter.planned().dedupeKey()).orElseThrow().id();
		assertThat(this.letters.forPosting("toolkit")).extracting(LetterStore.LetterRow::id).contains(made);
		OutboxAction document = documentOf(letter);
		assertThat(row(document)).containsEntry("state", "FAILED");
		assertThat((String) row(document).get("last_error")).contains("toolkit", "Wonde cannot take documents",
				"waits in the post tray");
		String logged = this.jdbc.queryForObject(
				"select detail from action_log where outbox_id = :id and state = 'FAILED'", Map.of("id", document.id()),
				String.class);
		assertThat(logged).contains("letter " + made, "Wonde cannot take documents");
		assertThat(uploadsWith(document)).isZero();
		assertThat(mock().school("toolkit").documents(null)).isEmpty();
	}

	/**
	 * Through the outbox: a timeout leaves the attachment IN_DOUBT there (where a restart
	 * finds it), and once its backoff is over the dispatcher looks it up and ends it
	 * SENT. It moves the mock's clock on by two minutes.
	 */
	@Test
	@Order(15)
	void theDispatcherReconcilesAnAttachmentLeftInDoubtFromTheOutboxWithoutWritingAgain() {
		int pupil = freshPupil("st-johns");
		OutboxAction letter = letter("st-johns", ours("st-johns", pupil));
		switchOn("arbor", "st-johns", FaultKind.SLOW, (f) -> f.withDelay(3000));
		dispatch();
		dispatch();
		OutboxAction document = documentOf(letter);
		// Kept in the outbox as IN_DOUBT: a restart finds it there, and reconciles first.
		assertThat(row(document)).containsEntry("state", "IN_DOUBT");
		assertThat(documentsWith("st-johns", document)).hasSize(1);
		mock().clock().set(mock().clock().instant().plus(java.time.Duration.ofMinutes(2)), 0);
		dispatch();
		assertThat(row(document)).containsEntry("state", "SENT");
		assertThat(states(document)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "SENT");
		assertThat(documentsWith("st-johns", document)).hasSize(1);
		assertThat(uploadsWith(document)).isEqualTo(1);
	}

	@Test
	@Order(16)
	void a500OnTheAttachmentIsRetryableAndTheRetryAttachesOnce() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction document = madeLetter(school);
			switchOn(system, school, FaultKind.SERVER_ERROR, (f) -> f.withStatus(500));
			Delivery failed = this.documents.deliver(document);
			assertThat(failed.outcome()).as(school).isEqualTo(Outcome.RETRYABLE);
			assertThat(failed.detail()).as(school).contains("500", "looks it up first");
			assertThat(documentsWith(school, document)).as(school).isEmpty();
			assertThat(this.documents.deliver(retry(document)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(documentsWith(school, document)).as(school).hasSize(1);
			// Once more, as after a lost answer: the look-up finds it, nothing is
			// written.
			assertThat(this.documents.deliver(retry(retry(document))).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(documentsWith(school, document)).as(school).hasSize(1);
			assertThat(uploadsWith(document)).as(school).isEqualTo(2);
		}
	}

	@Test
	@Order(17)
	void aTimeoutAfterTheUploadLeftIsInDoubtAndTheLookUpFindsItWithoutASecondDocument() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction document = madeLetter(school);
			switchOn(system, school, FaultKind.SLOW, (f) -> f.withDelay(3000));
			Delivery lost = this.documents.deliver(document);
			assertThat(lost.outcome()).as(school).isEqualTo(Outcome.IN_DOUBT);
			assertThat(lost.detail()).as(school).contains(document.reference());
			assertThat(this.documents.find(document)).as(school)
				.hasValueSatisfying((found) -> assertThat(found.outcome()).isEqualTo(Outcome.SENT));
			assertThat(this.documents.deliver(retry(document)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(documentsWith(school, document)).as(school).hasSize(1);
			assertThat(uploadsWith(document)).as(school).isEqualTo(1);
		}
	}

	@Test
	@Order(18)
	void aResetBeforeTheUploadArrivedIsInDoubtAndReconcilesToOneDocument() {
		for (String school : List.of("st-johns", "staged", "graduated")) {
			String system = mock().school(school).spec().mis().path();
			OutboxAction document = madeLetter(school);
			switchOn(system, school, FaultKind.CONNECTION_RESET, Function.identity());
			assertThat(this.documents.deliver(document).outcome()).as(school).isEqualTo(Outcome.IN_DOUBT);
			assertThat(this.documents.find(document)).as(school).isEmpty();
			assertThat(this.documents.deliver(retry(document)).outcome()).as(school).isEqualTo(Outcome.SENT);
			assertThat(documentsWith(school, document)).as(school).hasSize(1);
		}
	}

	@Test
	@Order(19)
	void anArborAnswerWhoseSuccessHasTheWrongTypeIsInDoubtAndTheRetryLooksFirstThenWritesOnce() {
		OutboxAction action = note("st-johns", ours("st-johns", freshPupil("st-johns")));
		StubMapping unreadable = mock().server()
			.stubFor(WireMock.post(WireMock.urlPathEqualTo("/arbor/st-johns/rest-v2/pastoral-notes"))
				.atPriority(1)
				.willReturn(WireMock.okJson("{\"response\":{\"success\":\"true\",\"code\":200}}")));
		Delivery delivery;
		try {
			delivery = this.notes.deliver(action);
		}
		finally {
			mock().server().removeStub(unreadable);
		}
		// Arbor's own API answered: the note may have been kept, so it is looked up.
		assertThat(delivery.outcome()).isEqualTo(Outcome.IN_DOUBT);
		assertThat(delivery.detail())
			.startsWith("st-johns: POST pastoral-notes answered an unreadable envelope: "
					+ "'success' is text, not a boolean")
			.endsWith("the MIS may have kept it; look it up by " + action.reference());
		assertThat(this.notes.find(action)).isEmpty();
		assertThat(this.notes.deliver(retry(action)).outcome()).isEqualTo(Outcome.SENT);
		assertThat(notesWith("st-johns", action)).hasSize(1);
		assertThat(writesWith(action)).isEqualTo(2);
	}

	@Test
	@Order(99)
	void noPupilNameOrUpnWasLogged() {
		assertThat(LOGS.list).isNotEmpty();
		List<String> lines = LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines).anyMatch((line) -> line.contains("written to the MIS"));
		for (String school : List.of("st-johns", "staged", "graduated", "toolkit")) {
			SchoolState state = mock().school(school);
			for (MockPupil pupil : state.pupils()) {
				for (String line : lines) {
					assertThat(line).doesNotContain(pupil.upn())
						.doesNotContain(pupil.forename() + " " + pupil.surname())
						.doesNotContain(pupil.displayName());
				}
			}
		}
	}

}
