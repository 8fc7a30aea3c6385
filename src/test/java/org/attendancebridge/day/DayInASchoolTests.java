package org.attendancebridge.day;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.attendancebridge.connector.ConnectorConfig.AlertDelivery;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.cpoms.CpomsMock;
import org.attendancebridge.mock.mail.MockMailServer;
import org.attendancebridge.mock.mail.ReceivedMail;
import org.attendancebridge.mock.notify.NotifyMock;
import org.attendancebridge.mock.school.MockContact;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Session;
import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A school morning in all five demo schools, end to end: the term is polled through the
 * real routes, registers are taken, pupils go missing without a reason, and the outbox is
 * dispatched into the mock MIS, the SMS gateway, CPOMS and the mail server until it is
 * quiet, then again. Every action that left is counted by its reference in WireMock's
 * request journal and among the messages the mail server took: exactly one write (a CPOMS
 * concern is one incident, with the DSL alerted), and one email for an alert its school
 * sends by email, nothing more on the runs after; every action kept by the adapter
 * (letter, task, referral) is kept once; every school's action log chain holds. And no
 * log line of the whole day, in any logger, carries a pupil's or a contact's name, a UPN,
 * a phone number or an email address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
				"attendance-bridge.dispatch.node=day-test", "NOTIFY_CALLBACK_TOKEN=" + DayInASchoolTests.CALLBACK_TOKEN,
				"spring.main.banner-mode=off" })
abstract class DayInASchoolTests {

	static final LocalDate MONDAY = LocalDate.of(2024, 11, 11);

	static final String CALLBACK_TOKEN = "day-test-callback-token";

	static final List<String> SCHOOLS = List.of("st-johns", "prevention", "staged", "graduated", "toolkit");

	/** Kinds delivered outside the adapter, each carrying our reference. */
	private static final Set<String> SENT_OUT = Set.of("sms", "cpoms-concern", "mis-note", "mark-amend", "staff-alert",
			"mis-document");

	private static final Pattern REFERENCE = Pattern.compile("ab-(\\d+)(?!\\d)");

	private static final String CPOMS_INCIDENTS = "/cpoms/api/v1/incidents";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int ATTENDANCE_CATEGORY = CpomsMock.CATEGORIES.stream()
		.filter((c) -> c.name().equals("Attendance"))
		.findFirst()
		.orElseThrow()
		.id();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ConnectorRegistry schools;

	@LocalServerPort
	int port;

	abstract MockMis mock();

	static MockMis startMock() {
		return MockSchoolClock.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).withGateways());
	}

	/**
	 * The mock MIS, the Notify-shaped gateway, CPOMS and the mail server, on their test
	 * credentials.
	 */
	static void mockProperties(DynamicPropertyRegistry registry, MockMis mock) {
		PollIntegrationTests.mockProperties(registry, mock);
		PollIntegrationTests.gatewayProperties(registry, mock);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mock.system(MockMailServer.class).orElseThrow().smtpPort());
		registry.add("MAIL_FROM", () -> "attendance-bridge@day-test.example.sch.uk");
		registry.add("MAIL_STARTTLS", () -> "false");
	}

	@Test
	void aMorningInEverySchoolSendsEachActionOnceAndLogsNothingAboutThePupils() throws Exception {
		ListAppender<ILoggingEvent> logs = captureLogs();
		try {
			pollAll();
			// Three mornings: a few pupils of St John's who were in on Monday's register
			// are then missing all day with no reason given, three days running (the
			// first-day text, then the second and third days' steps). The mock's
			// vulnerable pupil missing on Monday brings a CPOMS concern.
			at(MONDAY, LocalTime.of(9, 20));
			List<Integer> missing = textablePresentPupils("st-johns", 3);
			for (LocalDate day : List.of(MONDAY, MONDAY.plusDays(1), MONDAY.plusDays(2))) {
				at(day, LocalTime.of(9, 20));
				absent("st-johns", missing, day, Session.AM);
				at(day, LocalTime.of(9, 31));
				pollAll();
				dispatchUntilQuiet();
				at(day, LocalTime.of(14, 0));
				absent("st-johns", missing, day, Session.PM);
				pollAll();
				dispatchUntilQuiet();
			}
			Map<Long, Integer> writes = writesByReference();
			List<Map<String, Object>> actions = this.jdbc
				.queryForList("select id, school_id, kind, state, provider_id from outbox order by id", Map.of());
			assertThat(actions).isNotEmpty();
			assertThat(actions).extracting((a) -> a.get("state")).doesNotContain("SENDING", "IN_DOUBT");
			assertThat(actions)
				.anySatisfy((a) -> assertThat(a).containsEntry("kind", "sms").containsEntry("state", "SENT"));
			Map<Long, Integer> emails = emailsByReference();
			for (Map<String, Object> action : actions) {
				long id = ((Number) action.get("id")).longValue();
				String kind = (String) action.get("kind");
				if ("SENT".equals(action.get("state")) && SENT_OUT.contains(kind)) {
					Set<AlertDelivery> ways = kind.equals("staff-alert")
							? this.schools.find((String) action.get("school_id")).orElseThrow().dispatch().alerts()
							: Set.of(AlertDelivery.MIS);
					boolean nothingToAmend = kind.equals("mark-amend")
							&& "nothing to amend".equals(action.get("provider_id"));
					assertThat(writes.getOrDefault(id, 0)).as("writes of %s action %d", kind, id)
						.isEqualTo(ways.contains(AlertDelivery.MIS) && !nothingToAmend ? 1 : 0);
					assertThat(emails.getOrDefault(id, 0)).as("emails of %s action %d", kind, id)
						.isEqualTo(ways.contains(AlertDelivery.EMAIL) ? 1 : 0);
				}
			}
			assertThat(emails.keySet()).as("every email belongs to an alert that was sent")
				.allSatisfy((id) -> assertThat(state(id)).isEqualTo("SENT"));
			assertThat(emails).as("alerts emailed: the demo's Wonde and one Arbor school send them").isNotEmpty();
			assertThat(writes.keySet()).as("every write belongs to an action that was sent or refused")
				.allSatisfy((id) -> assertThat(state(id)).isIn("SENT", "FAILED"));
			assertThat(writes.values()).as("no action written twice").allSatisfy((n) -> assertThat(n).isEqualTo(1));
			long texts = posts("/notify/v2/notifications/sms");
			assertThat(texts).isEqualTo(count("select count(*) from outbox where kind = 'sms' and state = 'SENT'"));
			keptOnce("letter", "letter");
			// Each letter made is attached to its pupil in the MIS once; Wonde takes
			// none.
			long letters = count("select count(*) from outbox where kind = 'letter' and state = 'SENT'");
			assertThat(letters).isPositive();
			assertThat(count("select count(*) from outbox where kind = 'mis-document'")).isEqualTo(letters);
			long attached = count("select count(*) from outbox where kind = 'mis-document' and state = 'SENT'");
			assertThat(attached).isPositive()
				.isEqualTo(count("select count(*) from outbox where kind = 'mis-document' and school_id <> 'toolkit'"));
			assertThat(SCHOOLS.stream().mapToLong((school) -> mock().school(school).documents(null).size()).sum())
				.isEqualTo(attached);
			keptOnce("task", "task");
			keptOnce("la-referral", "referral");
			long concerns = concernsFiledOnceWithTheDslAlerted();

			// Later runs, and a poll that finds nothing new, send nothing again.
			int before = mock().server().getAllServeEvents().size();
			long postsBefore = posts("");
			dispatchUntilQuiet();
			pollAll();
			dispatchUntilQuiet();
			assertThat(mock().server().getAllServeEvents().size()).isGreaterThan(before);
			assertThat(posts("")).as("writes after the outbox was quiet").isEqualTo(postsBefore + logins(before));
			assertThat(writesByReference()).isEqualTo(writes);
			assertThat(emailsByReference()).isEqualTo(emails);
			assertThat(posts(CPOMS_INCIDENTS)).as("CPOMS incidents after the outbox was quiet").isEqualTo(concerns);
			assertThat(mock().system(CpomsMock.class).orElseThrow().incidents()).hasSize((int) concerns);

			receiptsRecordedOnce();

			for (ActionLogCheck.ChainReport chain : new ActionLogCheck(this.dataSource).checkAll()) {
				assertThat(chain.ok()).as(chain.chain() + ": " + chain.problem()).isTrue();
			}
		}
		finally {
			((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
		}
		assertNoPersonalData(logs.list);
	}

	// --- the day ---

	private void pollAll() {
		for (String school : SCHOOLS) {
			this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", "REGISTER"));
		}
	}

	private void at(LocalDate day, LocalTime time) {
		mock().clock().set(MockClock.at(day, time), 0);
	}

	/** Pupils present at Monday's morning register with a contact who may be texted. */
	private List<Integer> textablePresentPupils(String schoolId, int count) {
		SchoolState school = mock().school(schoolId);
		List<Integer> pupils = new ArrayList<>();
		for (RegisterMark mark : school
			.marks((m) -> m.date().equals(MONDAY) && m.session() == Session.AM && m.code().equals("/"))) {
			MockPupil pupil = school.pupil(mark.pupilId()).orElseThrow();
			if (pupils.size() < count && pupil.contacts()
				.stream()
				.anyMatch((c) -> c.parentalResponsibility() && c.maySms() && c.mobile() != null)) {
				pupils.add(mark.pupilId());
			}
		}
		assertThat(pupils).hasSize(count);
		return pupils;
	}

	/** The session's register, as taken, says N for these pupils. */
	private void absent(String schoolId, List<Integer> pupils, LocalDate day, Session session) {
		SchoolState school = mock().school(schoolId);
		for (int pupil : pupils) {
			assertThat(school.mark(pupil, day, session)).as("the register of %s %s", day, session).isPresent();
			school.amend(pupil, day, session, "N", null, null);
		}
	}

	private void dispatchUntilQuiet() {
		PollIntegrationTests.dispatchUntilQuiet(this.camel);
	}

	// --- CPOMS ---

	/**
	 * St John's vulnerable pupil missing on Monday (the mock's scripted case) falls below
	 * 96%: VULNERABLE raises a CPOMS concern. Each concern is exactly one incident POST,
	 * found by our reference as its external_ref, filed under Attendance with the DSL
	 * alerted in CPOMS, and the DSL is alerted in the MIS too.
	 * @return the number of concerns
	 */
	private long concernsFiledOnceWithTheDslAlerted() {
		List<Map<String, Object>> concerns = this.jdbc.queryForList(
				"select id, school_id, pupil_id, rule_id, decided_on, state from outbox where kind = 'cpoms-concern'",
				Map.of());
		// The scripted case is the last pupil on roll.
		String vulnerable = "arbor-"
				+ mock().school("st-johns").pupils().stream().mapToInt(MockPupil::id).max().orElseThrow();
		assertThat(concerns).as("concerns")
			.anySatisfy((c) -> assertThat(c).containsEntry("school_id", "st-johns")
				.containsEntry("pupil_id", vulnerable)
				.containsEntry("rule_id", "VULNERABLE"));
		List<LoggedRequest> incidents = postRequests(CPOMS_INCIDENTS);
		assertThat(incidents).as("one incident POST per concern").hasSize(concerns.size());
		for (Map<String, Object> concern : concerns) {
			assertThat(concern).containsEntry("state", "SENT");
			String reference = "ab-" + concern.get("id");
			List<JsonNode> filed = incidents.stream()
				.map((request) -> json(request.getBodyAsString()))
				.filter((body) -> body.path("external_ref").asText().equals(reference))
				.toList();
			assertThat(filed).as("incident POSTs for %s", reference).hasSize(1);
			assertThat(filed.get(0).path("alert_user_ids").toString())
				.isEqualTo("[" + PollIntegrationTests.DSL_CPOMS_USER + "]");
			assertThat(filed.get(0).path("category_ids").path(0).asInt()).as("filed under Attendance")
				.isEqualTo(ATTENDANCE_CATEGORY);
			assertThat(this.jdbc.queryForObject("select count(*) from outbox where kind = 'staff-alert' "
					+ "and recipient = 'dsl' and state = 'SENT' and school_id = :school_id and pupil_id = :pupil_id "
					+ "and rule_id = :rule_id and decided_on = :decided_on", concern, Long.class))
				.as("the DSL alerted in the MIS for %s", reference)
				.isEqualTo(1);
		}
		return concerns.size();
	}

	private static JsonNode json(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new AssertionError("not JSON: a request the adapter wrote", ex);
		}
	}

	// --- delivery receipts ---

	/**
	 * The gateway posts its receipts, each twice and newest first, as Notify may: each
	 * text sent gets exactly one receipt entry in the action log.
	 */
	private void receiptsRecordedOnce() throws Exception {
		NotifyMock notify = mock().system(NotifyMock.class).orElseThrow();
		URI callback = URI.create("http://127.0.0.1:" + this.port + "/callbacks/notify");
		notify.callbacks(callback, CALLBACK_TOKEN);
		notify.disorderlyCallbacks(true);
		long texts = count("select count(*) from outbox where kind = 'sms' and state = 'SENT'");
		String receipts = "select count(*) from action_log where actor = 'notify'";
		// Texts reach their final status a few real seconds after they were sent.
		for (int wait = 0; wait < 40 && count(receipts) < texts; wait++) {
			notify.postDueReceipts();
			Thread.sleep(250);
		}
		assertThat(count(receipts)).isEqualTo(texts);
		assertThat(count("select count(*) from (select outbox_id from action_log where actor = 'notify' "
				+ "group by outbox_id having count(*) > 1) twice"))
			.isZero();
		assertThat(count("select count(*) from action_log l join outbox o on o.id = l.outbox_id "
				+ "where l.actor = 'notify' and (o.kind <> 'sms' or o.state <> 'SENT')"))
			.isZero();

		HttpClient http = HttpClient.newHttpClient();
		String receipt = "{\"id\":\"x\",\"reference\":\"ab-1\",\"status\":\"delivered\"}";
		assertThat(post(http, callback, "Bearer wrong", receipt).statusCode()).isEqualTo(401);
		HttpResponse<String> unknown = post(http, callback, "Bearer " + CALLBACK_TOKEN, receipt);
		assertThat(unknown.statusCode()).isEqualTo(200);
		assertThat(unknown.body()).contains("unknown");
		assertThat(post(http, callback, "Bearer " + CALLBACK_TOKEN, "{\"id\":\"x\"}").body()).contains("'reference'");
		// A receipt that comes before the gateway's answer was stored is posted again
		// later.
		Map<String, Object> text = this.jdbc.queryForMap(
				"select id, provider_id from outbox where kind = 'sms' and state = 'SENT' order by id limit 1",
				Map.of());
		this.jdbc.update("update outbox set provider_id = null where id = :id", text);
		String early = "{\"id\":\"" + text.get("provider_id") + "\",\"reference\":\"ab-" + text.get("id")
				+ "\",\"status\":\"delivered\"}";
		HttpResponse<String> unsettled = post(http, callback, "Bearer " + CALLBACK_TOKEN, early);
		this.jdbc.update("update outbox set provider_id = :provider_id where id = :id", text);
		assertThat(unsettled.statusCode()).isEqualTo(409);
		assertThat(post(http, callback, "Bearer " + CALLBACK_TOKEN, early).body()).contains("repeated");
		assertThat(count(receipts)).isEqualTo(texts);
	}

	private static HttpResponse<String> post(HttpClient http, URI uri, String authorization, String body)
			throws Exception {
		return http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	// --- what reached the mock ---

	private List<LoggedRequest> postRequests(String path) {
		List<LoggedRequest> posts = new ArrayList<>();
		for (ServeEvent event : mock().server().getAllServeEvents()) {
			LoggedRequest request = event.getRequest();
			if (request.getMethod().getName().equals("POST") && request.getUrl().contains(path)) {
				posts.add(request);
			}
		}
		return posts;
	}

	private long posts(String path) {
		return postRequests(path).size();
	}

	/** Sign-ins (token, session) among the requests after the first {@code from}. */
	private long logins(int from) {
		List<ServeEvent> events = new ArrayList<>(mock().server().getAllServeEvents());
		// The journal lists the newest first.
		return events.subList(0, events.size() - from)
			.stream()
			.map(ServeEvent::getRequest)
			.filter((r) -> r.getMethod().getName().equals("POST"))
			.filter((r) -> r.getUrl().contains("token") || r.getUrl().contains("login") || r.getUrl().contains("ping"))
			.count();
	}

	/** How many write requests carry each action's reference. */
	private Map<Long, Integer> writesByReference() {
		Map<Long, Integer> writes = new HashMap<>();
		for (LoggedRequest request : postRequests("")) {
			Matcher reference = REFERENCE.matcher(request.getBodyAsString());
			if (reference.find()) {
				writes.merge(Long.parseLong(reference.group(1)), 1, Integer::sum);
			}
		}
		return writes;
	}

	/** How many messages the mock's mail server took under each action's reference. */
	private Map<Long, Integer> emailsByReference() {
		Map<Long, Integer> emails = new HashMap<>();
		for (ReceivedMail mail : mock().system(MockMailServer.class).orElseThrow().messages()) {
			Matcher reference = REFERENCE.matcher(String.valueOf(mail.reference()));
			if (reference.matches()) {
				emails.merge(Long.parseLong(reference.group(1)), 1, Integer::sum);
			}
		}
		return emails;
	}

	private void keptOnce(String kind, String table) {
		long sent = count("select count(*) from outbox where kind = '" + kind + "' and state = 'SENT'");
		assertThat(count("select count(*) from " + table + " t join outbox o on o.id = t.outbox_id "
				+ "where o.kind = '" + kind + "'"))
			.as(table)
			.isEqualTo(sent);
		assertThat(count("select count(*) from (select outbox_id from " + table
				+ " group by outbox_id having count(*) > 1) twice"))
			.as(table + " made twice")
			.isZero();
	}

	private String state(long id) {
		return this.jdbc.queryForObject("select state from outbox where id = :id", Map.of("id", id), String.class);
	}

	private long count(String sql) {
		return this.jdbc.queryForObject(sql, Map.of(), Long.class);
	}

	// --- the logs ---

	private static ListAppender<ILoggingEvent> captureLogs() {
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.setName("day-in-a-school");
		logs.start();
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
		return logs;
	}

	/**
	 * Every name, UPN, phone number and email address the mock holds, for every school.
	 */
	private List<String> personalData() {
		List<String> data = new ArrayList<>();
		for (String school : SCHOOLS) {
			for (MockPupil pupil : mock().school(school).pupils()) {
				data.add(pupil.upn());
				data.add(pupil.forename() + " " + pupil.surname());
				data.add(pupil.preferredForename() + " " + pupil.surname());
				for (MockContact contact : pupil.contacts()) {
					data.add(contact.displayName());
					data.add(contact.mobile());
					data.add(contact.email());
				}
			}
		}
		data.removeIf((d) -> d == null || d.isBlank() || d.startsWith("null "));
		return data;
	}

	private void assertNoPersonalData(List<ILoggingEvent> events) {
		assertThat(events).as("log lines captured").hasSizeGreaterThan(20);
		List<String> data = personalData();
		assertThat(data).hasSizeGreaterThan(200);
		for (ILoggingEvent event : events) {
			String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
					+ ((event.getThrowableProxy() == null) ? ""
							: " " + ThrowableProxyUtil.asString(event.getThrowableProxy()));
			for (String datum : data) {
				assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContain(datum);
			}
		}
	}

}
