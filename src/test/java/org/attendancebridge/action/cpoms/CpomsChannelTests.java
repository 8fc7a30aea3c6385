package org.attendancebridge.action.cpoms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Delivery.Outcome;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPOMS channel against the mock CPOMS (served beside the mock MIS) and a real
 * database: created, refused, failing, timing out and reconciled by our reference.
 */
abstract class CpomsChannelTests {

	private static final MockMis MOCK = MockMis.start(MockMisOptions.defaults().withSchools(List.of()).withGateways());

	private static final String UPN = "A123456789012";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-11T10:05:00Z"), ZoneOffset.UTC);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private TestDatabase db;

	private ListAppender<ILoggingEvent> logs;

	private Level ours;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void pupilWithAUpn() throws Exception {
		this.db = TestDatabase.create(kind());
		this.db.jdbc()
			.update("insert into school (id, name, mis, policy_id, created_at) values ('graduated', 'Graduated', "
					+ "'classcharts', 'graduated-response', :now)", Map.of("now", OffsetDateTime.now(CLOCK)));
		this.db.jdbc()
			.update("insert into pupil (school_id, pupil_id, upn, year_group, registration_group, send, "
					+ "pupil_premium, vulnerable, eal, home_language, updated_at) values ('graduated', 'cc-7', :upn, "
					+ "'5', '5R', false, false, true, false, 'en', :now)",
					Map.of("upn", UPN, "now", OffsetDateTime.now(CLOCK)));
		admin("DELETE", "/cpoms/_faults", null);
		this.logs = new ListAppender<>();
		this.logs.start();
		root().addAppender(this.logs);
		// Whatever an earlier test left the levels at, our own lines are all seen.
		this.ours = ours().getLevel();
		ours().setLevel(Level.DEBUG);
	}

	@AfterEach
	void noPupilDataInAnyLogLine() {
		root().detachAppender(this.logs);
		ours().setLevel(this.ours);
		assertThat(this.logs.list).extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch((line) -> line.contains(UPN));
	}

	private static Logger ours() {
		return (Logger) LoggerFactory.getLogger("org.attendancebridge");
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private CpomsChannel channel(String token, int timeoutSeconds) {
		return new CpomsChannel(
				CpomsSettings.of(MOCK.baseUrl() + "/cpoms", token, "7, 9", Integer.toString(timeoutSeconds), "true"),
				TemplateCatalog.load(Path.of("policies", "templates")), new PupilLookup(this.db.jdbc()), CLOCK);
	}

	private CpomsChannel channel() {
		return channel(MockCredentials.CPOMS_TOKEN, 5);
	}

	private OutboxAction propose(String template, double pct) {
		PlannedAction planned = SampleActions.of("graduated", "cc-7", "S3", ActionKind.CPOMS_CONCERN, template,
				new PlannedAction.PupilFigures(pct, 130, 104, 14, 12, 84.5, "S3"));
		this.db.outbox(CLOCK).propose(List.of(planned), "PENDING");
		long id = this.db.jdbc()
			.queryForObject("select id from outbox where dedupe_key = :key", Map.of("key", planned.dedupeKey()),
					Long.class);
		return new OutboxAction(id, "ab-" + kind() + "-" + id + "-" + System.nanoTime(), planned, 0);
	}

	private static OutboxAction retry(OutboxAction action) {
		return new OutboxAction(action.id(), action.reference(), action.planned(), action.attempts() + 1);
	}

	private JsonNode incidents(String reference) throws Exception {
		HttpResponse<String> answer = this.http.send(
				HttpRequest.newBuilder(URI.create(MOCK.baseUrl() + "/cpoms/api/v1/incidents?external_ref=" + reference))
					.header("Authorization", "Token " + MockCredentials.CPOMS_TOKEN)
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(answer.body());
	}

	private void admin(String method, String path, Map<String, Object> body) throws Exception {
		HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
		this.http.send(HttpRequest.newBuilder(URI.create(MOCK.baseUrl() + path))
			.method(method, publisher)
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void createsAnAttendanceIncidentAlertingTheDslWithOurReference() throws Exception {
		OutboxAction action = propose("attendance-concern", 80.0);
		Delivery delivery = channel().deliver(action);
		assertThat(delivery.outcome()).as(delivery.detail()).isEqualTo(Outcome.SENT);
		JsonNode found = incidents(action.reference());
		assertThat(found).hasSize(1);
		JsonNode incident = found.get(0);
		assertThat(incident.get("id").asText()).isEqualTo(delivery.providerId());
		assertThat(incident.get("student_upn").asText()).isEqualTo(UPN);
		// Attendance, and persistent absence at 80%.
		assertThat(incident.get("category_ids")).extracting(JsonNode::asInt).containsExactly(1, 11);
		assertThat(incident.get("alert_user_ids")).extracting(JsonNode::asInt).containsExactly(7, 9);
		assertThat(incident.get("incident_text").asText()).contains("attendance 80.0%", "26 sessions missed",
				"stage S3", "rule S3");
		assertThat(incident.get("occurred_at").asText()).isEqualTo("2024-11-11T10:05:00Z");
		assertThat(delivery.detail()).doesNotContain(UPN);
		assertThat(this.logs.list).extracting(ILoggingEvent::getFormattedMessage)
			.anyMatch((line) -> line.contains(action.reference()) && line.contains(delivery.providerId()));
		assertThat(channel().find(action)).hasValueSatisfying((again) -> {
			assertThat(again.outcome()).isEqualTo(Outcome.SENT);
			assertThat(again.providerId()).isEqualTo(delivery.providerId());
		});
	}

	@Test
	void severeAbsenceIsFiledUnderSevereAbsence() throws Exception {
		OutboxAction action = propose("educational-neglect-concern", 45.0);
		assertThat(channel().deliver(action).outcome()).isEqualTo(Outcome.SENT);
		assertThat(incidents(action.reference()).get(0).get("category_ids")).extracting(JsonNode::asInt)
			.containsExactly(1, 12);
	}

	@Test
	void a500IsRetryableAndTheRetryFindsTheConcernCpomsKeptAnyway() throws Exception {
		OutboxAction action = propose("attendance-concern", 85.0);
		admin("POST", "/cpoms/_faults", Map.of("kind", "server-error", "status", 500, "recorded", true, "times", 1));
		Delivery failed = channel().deliver(action);
		assertThat(failed.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(failed.detail()).contains("500");
		Delivery retried = channel().deliver(retry(action));
		assertThat(retried.outcome()).isEqualTo(Outcome.SENT);
		// Found, not filed a second time.
		assertThat(incidents(action.reference())).hasSize(1);
		assertThat(retried.providerId()).isEqualTo(incidents(action.reference()).get(0).get("id").asText());
	}

	@Test
	void a500ThatKeptNothingIsFiledOnTheRetry() throws Exception {
		OutboxAction action = propose("attendance-concern", 85.0);
		admin("POST", "/cpoms/_faults", Map.of("kind", "server-error", "status", 500, "recorded", false, "times", 1));
		assertThat(channel().deliver(action).outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(incidents(action.reference())).isEmpty();
		assertThat(channel().deliver(retry(action)).outcome()).isEqualTo(Outcome.SENT);
		assertThat(incidents(action.reference())).hasSize(1);
	}

	@Test
	void aTimeoutIsInDoubtAndFindReconcilesIt() throws Exception {
		OutboxAction action = propose("safeguarding-attendance-concern", 78.0);
		CpomsChannel channel = channel(MockCredentials.CPOMS_TOKEN, 1);
		// Warm the category cache, so the slow answer is the create's.
		assertThat(channel.deliver(propose("attendance-concern", 91.0)).outcome()).isEqualTo(Outcome.SENT);
		admin("POST", "/cpoms/_faults", Map.of("kind", "slow", "delayMs", 3000, "times", 1));
		Delivery delivery = channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.IN_DOUBT);
		assertThat(delivery.detail()).contains(action.reference());
		String kept = incidents(action.reference()).get(0).get("id").asText();
		assertThat(channel.find(action)).hasValueSatisfying((found) -> {
			assertThat(found.outcome()).isEqualTo(Outcome.SENT);
			assertThat(found.providerId()).isEqualTo(kept);
		});
	}

	@Test
	void anAnswerTricklingInIsCutAtTheDeadlineThenReconciledAndFiledOnce() throws Exception {
		CpomsChannel channel = channel(MockCredentials.CPOMS_TOKEN, 2);
		assertThat(channel.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
		// Warm the category cache, so the trickling answer is the create's.
		assertThat(channel.deliver(propose("attendance-concern", 91.0)).outcome()).isEqualTo(Outcome.SENT);
		Map<String, String> templates = Map.of("trickle", "safeguarding-attendance-concern", "trickle-fixed-length",
				"educational-neglect-concern");
		for (String kind : List.of("trickle", "trickle-fixed-length")) {
			OutboxAction action = propose(templates.get(kind), 45.0);
			// A piece every half second: no read waits for the timeout, only the deadline
			// cuts it.
			admin("POST", "/cpoms/_faults", Map.of("kind", kind, "delayMs", 10000, "times", 1));
			Delivery cut = channel.deliver(action);
			assertThat(cut.outcome()).as(kind).isEqualTo(Outcome.IN_DOUBT);
			assertThat(cut.detail()).as(kind)
				.startsWith("no whole answer from CPOMS within 2 s")
				.contains(action.reference());
			String kept = incidents(action.reference()).get(0).get("id").asText();
			Delivery reconciled = channel.deliver(retry(action));
			assertThat(reconciled.outcome()).as(kind).isEqualTo(Outcome.SENT);
			assertThat(reconciled.providerId()).as(kind).isEqualTo(kept);
			assertThat(incidents(action.reference())).as(kind).hasSize(1);
		}
	}

	@Test
	void findOfAConcernNeverSentIsEmpty() {
		assertThat(channel().find(propose("attendance-concern", 85.0))).isEmpty();
	}

	@Test
	void aConnectionResetIsInDoubt() throws Exception {
		OutboxAction action = propose("attendance-concern", 85.0);
		CpomsChannel channel = channel();
		assertThat(channel.deliver(propose("attendance-concern", 91.0)).outcome()).isEqualTo(Outcome.SENT);
		admin("POST", "/cpoms/_faults", Map.of("kind", "connection-reset", "recorded", true, "times", 1));
		assertThat(channel.deliver(action).outcome()).isEqualTo(Outcome.IN_DOUBT);
		assertThat(channel.find(action))
			.hasValueSatisfying((found) -> assertThat(found.outcome()).isEqualTo(Outcome.SENT));
	}

	@Test
	void aWrongTokenFailsNamingTheVariable() throws Exception {
		OutboxAction action = propose("attendance-concern", 85.0);
		Delivery delivery = channel("wrong-token", 5).deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(delivery.detail()).contains("CPOMS_API_TOKEN");
		assertThat(incidents(action.reference())).isEmpty();
	}

	@Test
	void aPupilWithoutAUpnFailsBeforeAnythingIsSent() {
		this.db.jdbc().update("update pupil set upn = null", Map.of());
		Delivery delivery = channel().deliver(propose("attendance-concern", 85.0));
		assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(delivery.detail()).contains("cc-7", "no UPN");
	}

	@Test
	void cpomsOnAPrivateAddressIsRefusedWhenConnectingUnlessAllowed() {
		// The mock listens on loopback: reached by name, over https, with nothing
		// allowing it.
		String https = "https://localhost:" + MOCK.port() + "/cpoms";
		CpomsChannel refused = new CpomsChannel(CpomsSettings.of(https, MockCredentials.CPOMS_TOKEN, "7", "5", "false"),
				TemplateCatalog.load(Path.of("policies", "templates")), new PupilLookup(this.db.jdbc()), CLOCK);
		Delivery delivery = refused.deliver(propose("attendance-concern", 85.0));
		assertThat(delivery.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(delivery.detail()).matches("cannot read CPOMS's categories \\(CPOMS: 'localhost' resolves to "
				+ "(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1), a private, loopback or link-local address: not connected "
				+ "\\(CPOMS_ALLOW_PRIVATE_NETWORK=true is for a local mock only\\)\\): nothing was sent");

		CpomsChannel plain = new CpomsChannel(
				CpomsSettings.of(MOCK.baseUrl() + "/cpoms", MockCredentials.CPOMS_TOKEN, "7", "5", "false"),
				TemplateCatalog.load(Path.of("policies", "templates")), new PupilLookup(this.db.jdbc()), CLOCK);
		assertThat(plain.deliver(propose("attendance-concern", 85.0)).detail())
			.contains("CPOMS: '" + MOCK.baseUrl() + "/cpoms/api/v1/categories' is not https");
	}

	@Test
	void withoutSettingsEveryConcernFailsNamingThem() {
		CpomsChannel unset = new CpomsChannel(CpomsSettings.of("", "", "", "", ""), TemplateCatalog.empty(),
				new PupilLookup(this.db.jdbc()), CLOCK);
		assertThat(unset.deliver(propose("attendance-concern", 85.0)).detail()).contains("CPOMS_BASE_URL");
	}

}
