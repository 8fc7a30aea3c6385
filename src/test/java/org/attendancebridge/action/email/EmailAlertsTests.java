package org.attendancebridge.action.email;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.DispatchStore;
import org.attendancebridge.action.dispatch.OutboxOperator;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;
import org.attendancebridge.mock.mail.MockMailServer;
import org.attendancebridge.mock.mail.ReceivedMail;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.PupilNote;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.Recipients;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.StaffRoleStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff alerts by email, end to end: the real dispatch route and dispatcher, the staff
 * roles polled from the mock MIS, and a real SMTP server (the mock's GreenMail) reached
 * through {@link SmtpFaultProxy}, which passes everything through unless a test spoils a
 * conversation; on a real database (H2 and PostgreSQL). The test connector files
 * ({@code src/test/resources/email/connectors}) send toolkit's alerts (Wonde) by email
 * only, and staged's (SIMS) and prevention's (Arbor) into the MIS and by email. What
 * arrived is counted in the mail server, one entry per SMTP transaction, by our
 * reference.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.connectors-dir=src/test/resources/email/connectors",
		"attendance-bridge.dispatch.node=email-test", "attendance-bridge.mail.from=attendance@trust.example.org",
		"attendance-bridge.mail.starttls=false", "attendance-bridge.mail.timeout=30s", "spring.mail.host=127.0.0.1",
		"spring.mail.properties.mail.smtp.writetimeout=5000", "spring.main.banner-mode=off" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EmailAlertsTests {

	static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	static final List<String> SCHOOLS = List.of("toolkit", "staged", "prevention");

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	private static final AtomicInteger KEYS = new AtomicInteger();

	private static final AtomicInteger NEXT_PUPIL = new AtomicInteger();

	/** The mock MIS with its mail server, and the fault relay in front of that server. */
	static final class MailedMock {

		final MockMis mock = MockSchoolClock.start(MockMisOptions.defaults().withRoll(40).withSpeed(0).withGateways());

		final MockMailServer mail = this.mock.system(MockMailServer.class).orElseThrow();

		final SmtpFaultProxy proxy;

		MailedMock() {
			try {
				this.proxy = new SmtpFaultProxy(this.mail.smtpPort());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	abstract MailedMock mailed();

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	DispatchStore store;

	@Autowired
	StaffRoleStore staffRoles;

	@Autowired
	JavaMailSenderImpl mailSender;

	@Autowired
	List<Channel> channels;

	@Autowired
	OutboxOperator operator;

	static void mailProperties(DynamicPropertyRegistry registry, MailedMock mailed) {
		PollIntegrationTests.mockProperties(registry, mailed.mock);
		registry.add("spring.mail.port", mailed.proxy::port);
	}

	/** After the context started: Spring Boot resets Logback as it starts. */
	@BeforeEach
	void captureLogsAndPoll() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender("email-capture") == null) {
			LOGS.setName("email-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
		for (String school : SCHOOLS) {
			if (this.jdbc.queryForObject("select count(*) from pupil where school_id = :school",
					Map.of("school", school), Integer.class) == 0) {
				this.camel.sendBodyAndHeaders("direct:sync-" + school, null,
						Map.of("school", school, "mode", "HOURLY"));
			}
		}
	}

	@AfterEach
	void mailServerBack() {
		this.mailSender.setPort(mailed().proxy.port());
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	// --- helpers ---

	/** Our internal id of a polled pupil of the school no other test has used. */
	private String freshPupil(String school) {
		List<String> roll = this.jdbc.queryForList(
				"select pupil_id from pupil where school_id = :school order by pupil_id", Map.of("school", school),
				String.class);
		return roll.get(NEXT_PUPIL.incrementAndGet() % roll.size());
	}

	private long alert(String school, String pupil, String role) {
		String key = "email-test|" + KEYS.incrementAndGet();
		PlannedAction planned = new PlannedAction(key, school, pupil, "test-policy", 1, "AC2", false, TODAY,
				ActionKind.STAFF_ALERT, role, "pa-monitoring", List.of(), TODAY, null, null,
				"3 consecutive days absent", new PlannedAction.PupilFigures(88.5, 130, 115, 9, 6, 48.75, "AC5"));
		assertThat(this.outbox.propose(List.of(planned), "PENDING")).isEqualTo(1);
		return this.jdbc.queryForObject("select id from outbox where dedupe_key = :key", Map.of("key", key),
				Long.class);
	}

	private void dispatch() {
		this.camel.requestBody("direct:dispatch-outbox", (Object) null);
	}

	private void later(Duration duration) {
		mailed().mock.clock().set(mailed().mock.clock().instant().plus(duration), 0);
	}

	private Map<String, Object> row(long id) {
		return this.jdbc.queryForMap("select state, provider_id, last_error from outbox where id = :id",
				Map.of("id", id));
	}

	private List<String> states(long id) {
		return this.jdbc.queryForList("select state from action_log where outbox_id = :id order by id",
				Map.of("id", id), String.class);
	}

	/** The state of each attempt to email the action, first first. */
	private List<String> emailAttempts(long id) {
		return this.jdbc.queryForList("select state from alert_email where outbox_id = :id order by attempt",
				Map.of("id", id), String.class);
	}

	private String emailState(long id) {
		List<String> attempts = emailAttempts(id);
		return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
	}

	private String lastDetail(long id) {
		return this.jdbc.queryForObject("select detail from action_log where outbox_id = :id order by id desc limit 1",
				Map.of("id", id), String.class);
	}

	/** The school's MIS notes that carry the action's reference. */
	private List<PupilNote> notes(String school, long id) {
		String reference = "[" + OutboxAction.referenceOf(id) + "]";
		return mailed().mock.school(school)
			.notes(null)
			.stream()
			.filter((n) -> n.content().contains(reference))
			.toList();
	}

	/**
	 * A node claims the alert with a lease until {@code leaseFor} from now and starts to
	 * email it, and hangs with the server's go-ahead for the data held by the relay: its
	 * message is not handed over until the hold is released.
	 */
	private Hung hang(long id, Duration leaseFor) throws InterruptedException {
		DispatchStore.Claim claim = this.store.claim(Set.of("staff-alert"), Set.of(), 10, "hung-node",
				mailed().mock.clock().instant().plus(leaseFor), (a) -> Optional.empty());
		assertThat(claim.rows()).extracting(OutboxAction::id).contains(id);
		SmtpFaultProxy.Hold hold = mailed().proxy.holdNextData();
		CompletableFuture<Delivery> attempt = CompletableFuture.supplyAsync(() -> alerts().deliver(claimed(id)));
		assertThat(hold.awaitHeld()).as("the first attempt reached DATA").isTrue();
		assertThat(emailAttempts(id)).containsExactly("STARTED");
		return new Hung(hold, attempt);
	}

	/**
	 * Lets the hung attempt go on once another has sent the alert: it may no longer hand
	 * its message over, and ends its own record only.
	 */
	private void letGoAfterTheAlertWasSent(Hung hung, long id) throws Exception {
		Delivery late = hung.letGo();
		assertThat(mails(id)).as("the hung attempt, let go, sends nothing more").hasSize(1);
		assertThat(late.outcome()).isEqualTo(Delivery.Outcome.RETRYABLE);
		assertThat(late.detail()).contains("not handed over, nothing was taken");
		assertThat(emailAttempts(id)).containsExactly("REFUSED", "ACCEPTED");
	}

	/** An attempt held before its hand-over, and what it ends with once let go. */
	private record Hung(SmtpFaultProxy.Hold hold, CompletableFuture<Delivery> attempt) {

		Delivery letGo() throws Exception {
			this.hold.release();
			return this.attempt.get(60, TimeUnit.SECONDS);
		}

	}

	private List<ReceivedMail> mails(long id) {
		return mailed().mail.messagesWithReference(OutboxAction.referenceOf(id));
	}

	/** The staff addresses the role's alert goes to for the pupil. */
	private Set<String> addresses(String school, String pupil, String role) {
		Map<String, Object> card = this.jdbc.queryForMap(
				"select year_group, registration_group from pupil where school_id = :school and pupil_id = :pupil",
				Map.of("school", school, "pupil", pupil));
		Set<String> emails = new LinkedHashSet<>();
		for (StaffRole held : this.staffRoles.find(school, role, (String) card.get("year_group"),
				(String) card.get("registration_group"))) {
			emails.add(held.email());
		}
		return emails;
	}

	/** The mock's record of the pupil: the UPN and names no subject may carry. */
	private MockPupil mockPupil(String school, String pupil) {
		String misId = this.jdbc.queryForObject(
				"select mis_id from pupil where school_id = :school and pupil_id = :pupil",
				Map.of("school", school, "pupil", pupil), String.class);
		String upn = this.jdbc.queryForObject("select upn from pupil where school_id = :school and pupil_id = :pupil",
				Map.of("school", school, "pupil", pupil), String.class);
		return mailed().mock.school(school)
			.pupils()
			.stream()
			.filter((p) -> p.upn().equals(upn) || String.valueOf(p.id()).equals(misId))
			.findFirst()
			.orElseThrow();
	}

	private Channel alerts() {
		return this.channels.stream().filter((c) -> c.kinds().contains("staff-alert")).findFirst().orElseThrow();
	}

	private OutboxAction claimed(long id) {
		String payload = this.jdbc.queryForObject("select payload from outbox where id = :id", Map.of("id", id),
				String.class);
		return new OutboxAction(id, OutboxAction.referenceOf(id), OutboxStore.action(payload), 0);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	// --- the tests ---

	@Test
	@Order(1)
	void aWondeSchoolsAlertIsEmailedOnceToWhoeverHoldsTheRole() throws Exception {
		String pupil = freshPupil("toolkit");
		long id = alert("toolkit", pupil, StaffRole.TUTOR);
		dispatch();
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(states(id)).containsExactly("PENDING", "SENDING", "SENT");
		List<ReceivedMail> mails = mails(id);
		assertThat(mails).hasSize(1);
		ReceivedMail mail = mails.get(0);
		assertThat(mail.recipients()).containsExactlyElementsOf(addresses("toolkit", pupil, StaffRole.TUTOR))
			.containsExactly("tutors@toolkit.example.sch.uk");
		String reference = OutboxAction.referenceOf(id);
		assertThat(mail.messageId()).isEqualTo("<" + reference + ".toolkit@trust.example.org>");
		assertThat(row(id)).containsEntry("provider_id", mail.messageId());
		assertThat(emailState(id)).isEqualTo("ACCEPTED");
		// The subject: internal ids and the rule; never the pupil's name or UPN.
		MockPupil known = mockPupil("toolkit", pupil);
		assertThat(mail.subject()).contains(reference, "rule AC2", pupil, "tutor")
			.doesNotContain(known.upn(), known.forename(), known.surname());
		MimeMessage message = mailed().mail.greenMail()
			.findReceivedMessages((user) -> true, (m) -> reference.equals(header(m)))
			.findFirst()
			.orElseThrow();
		String body = String.valueOf(message.getContent());
		assertThat(body).contains("88.5%", "3 consecutive days absent", "rule AC2", "[" + reference + "]")
			.doesNotContain(known.upn(), known.surname());
		assertThat(message.getFrom()[0].toString()).isEqualTo("attendance@trust.example.org");
		// Dispatched again, and once more after the backoff: nothing more is sent.
		later(Duration.ofHours(2));
		dispatch();
		assertThat(mails(id)).hasSize(1);
	}

	private static String header(MimeMessage message) {
		try {
			return message.getHeader(EmailAlerts.REFERENCE_HEADER, null);
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	@Order(2)
	void anAlertGoesIntoTheMisAndByEmailWhereTheSchoolAsksForBoth() {
		for (String school : List.of("staged", "prevention")) {
			String pupil = freshPupil(school);
			long id = alert(school, pupil, StaffRole.HEAD_OF_YEAR);
			dispatch();
			dispatch();
			assertThat(row(id)).as(school).containsEntry("state", "SENT");
			String reference = OutboxAction.referenceOf(id);
			assertThat(mailed().mock.school(school)
				.notes(null)
				.stream()
				.filter((n) -> n.content().contains("[" + reference + "]"))
				.toList()).as(school).hasSize(1);
			List<ReceivedMail> mails = mails(id);
			assertThat(mails).as(school).hasSize(1);
			Set<String> expected = addresses(school, pupil, StaffRole.HEAD_OF_YEAR);
			assertThat(expected).as(school).isNotEmpty().doesNotContainNull();
			assertThat(mails.get(0).recipients()).as(school).containsExactlyInAnyOrderElementsOf(expected);
			assertThat((String) row(id).get("provider_id")).as(school).endsWith(mails.get(0).messageId());
		}
		// SIMS's note names the staff id; the email goes to the address the file gives
		// it.
		assertThat(addresses("staged", freshPupil("staged"), StaffRole.HEAD_OF_YEAR))
			.containsExactly("pastoral@staged.example.sch.uk");
	}

	@Test
	@Order(3)
	void aRestartAfterTheServerTookTheMessageSendsNothingMore() {
		// A node claimed the alert, emailed it and died before recording SENT.
		long id = alert("toolkit", freshPupil("toolkit"), "senco");
		DispatchStore.Claim claim = this.store.claim(Set.of("staff-alert"), Set.of(), 10, "dead-node",
				mailed().mock.clock().instant().plus(Duration.ofMinutes(2)), (a) -> Optional.empty());
		assertThat(claim.rows()).extracting(OutboxAction::id).contains(id);
		assertThat(alerts().deliver(claimed(id)).outcome()).isEqualTo(Delivery.Outcome.SENT);
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENDING");
		later(Duration.ofMinutes(3));
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(states(id)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "SENT");
		assertThat(mails(id)).hasSize(1);
		// A node that died before it emailed: looked up, nothing there, sent once.
		long before = alert("toolkit", freshPupil("toolkit"), "senco");
		this.store.claim(Set.of("staff-alert"), Set.of(), 10, "dead-node",
				mailed().mock.clock().instant().plus(Duration.ofMinutes(2)), (a) -> Optional.empty());
		later(Duration.ofMinutes(3));
		dispatch();
		dispatch();
		assertThat(row(before)).containsEntry("state", "SENT");
		assertThat(states(before)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "RETRYABLE", "SENDING", "SENT");
		assertThat(mails(before)).hasSize(1);
	}

	@Test
	@Order(4)
	void aServerThatRefusesIsRetryableAndTheRetrySendsOnce() throws IOException {
		// A 4xx to the sender: nothing was taken.
		long refused = alert("toolkit", freshPupil("toolkit"), "dsl");
		mailed().proxy.next(SmtpFaultProxy.Fault.SENDER_TRY_LATER);
		dispatch();
		assertThat(row(refused)).containsEntry("state", "RETRYABLE");
		assertThat((String) row(refused).get("last_error")).contains("451", "nothing was taken");
		assertThat(emailState(refused)).isEqualTo("REFUSED");
		assertThat(mails(refused)).isEmpty();
		// No server at all: nothing was sent either.
		long unreachable = alert("toolkit", freshPupil("toolkit"), "dsl");
		this.mailSender.setPort(closedPort());
		dispatch();
		assertThat(row(unreachable)).containsEntry("state", "RETRYABLE");
		assertThat((String) row(unreachable).get("last_error")).contains("no SMTP conversation, nothing was sent");
		assertThat(mails(unreachable)).isEmpty();
		// The server is back: each goes once, to both holders of the role.
		this.mailSender.setPort(mailed().proxy.port());
		later(Duration.ofMinutes(2));
		dispatch();
		dispatch();
		for (long id : List.of(refused, unreachable)) {
			assertThat(row(id)).containsEntry("state", "SENT");
			assertThat(mails(id)).hasSize(1);
			assertThat(mails(id).get(0).recipients()).containsExactlyInAnyOrder("deputy-dsl@toolkit.example.sch.uk",
					"dsl@toolkit.example.sch.uk");
		}
	}

	@Test
	@Order(5)
	void aRecipientTheServerRefusesFailsWithoutItsAddress() {
		long id = alert("toolkit", freshPupil("toolkit"), "attendance-officer");
		mailed().proxy.next(SmtpFaultProxy.Fault.RECIPIENT_UNKNOWN);
		dispatch();
		assertThat(row(id)).containsEntry("state", "FAILED");
		String error = (String) row(id).get("last_error");
		assertThat(error).contains("toolkit", "550", "<address>").doesNotContain("attendance@toolkit");
		assertThat(mails(id)).isEmpty();
	}

	@Test
	@Order(6)
	void aMessageLostAfterItWasHandedOverIsInDoubtAndNeverSentAgain() {
		for (String school : List.of("toolkit", "staged")) {
			long id = alert(school, freshPupil(school), StaffRole.TUTOR);
			mailed().proxy.next(SmtpFaultProxy.Fault.CUT_AFTER_DATA);
			dispatch();
			assertThat(row(id)).as(school).containsEntry("state", "IN_DOUBT");
			assertThat((String) row(id).get("last_error")).as(school)
				.contains("after the message was handed over", "a person checks with the recipients");
			// The server did take it: a resend would be a second message.
			assertThat(mails(id)).as(school).hasSize(1);
			assertThat(emailState(id)).as(school).isEqualTo("SENDING");
			for (int run = 0; run < 3; run++) {
				later(Duration.ofHours(2));
				dispatch();
			}
			assertThat(row(id)).as(school).containsEntry("state", "IN_DOUBT");
			assertThat((String) row(id).get("last_error")).as(school).contains("SMTP cannot be asked");
			assertThat(mails(id)).as(school).hasSize(1);
			assertThat(states(id)).as(school).containsExactly("PENDING", "SENDING", "IN_DOUBT");
		}
	}

	@Test
	@Order(6)
	void aPersonSettlesAnEmailInDoubtEitherWayAndOnlyTheirFindingSendsAgain() {
		String school = "toolkit";
		long arrived = alert(school, freshPupil(school), StaffRole.TUTOR);
		mailed().proxy.next(SmtpFaultProxy.Fault.CUT_AFTER_DATA);
		dispatch();
		long lost = alert(school, freshPupil(school), StaffRole.TUTOR);
		mailed().proxy.next(SmtpFaultProxy.Fault.CUT_AFTER_DATA);
		dispatch();
		assertThat(row(arrived)).containsEntry("state", "IN_DOUBT");
		assertThat(row(lost)).containsEntry("state", "IN_DOUBT");

		// The tutor had the first; the second never reached anyone.
		this.operator.resolve(arrived, "alice", true);
		this.operator.resolve(lost, "alice", false);
		assertThat(this.jdbc.queryForObject("select attempts from outbox where id = :id", Map.of("id", lost),
				Integer.class))
			.as("sent again at a person's word, with its attempts afresh but the lost one counted, so the "
					+ "reference is looked up before anything is written again")
			.isOne();
		dispatch();
		assertThat(row(arrived)).containsEntry("state", "SENT");
		assertThat(mails(arrived)).hasSize(1);
		assertThat(row(lost)).containsEntry("state", "SENT");
		assertThat(mails(lost)).as("sent again only because a person found it lost").hasSize(2);
		assertThat(emailState(lost)).isEqualTo("ACCEPTED");
		assertThat(states(lost)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "RETRYABLE", "SENDING", "SENT");
		later(Duration.ofHours(2));
		dispatch();
		assertThat(mails(lost)).hasSize(2);
		assertThat(mails(arrived)).hasSize(1);
	}

	@Test
	@Order(7)
	void anAlertToARoleNobodyHoldsFailsNamingTheSchoolAndTheRole() {
		long id = alert("toolkit", freshPupil("toolkit"), "key-worker");
		dispatch();
		assertThat(row(id)).containsEntry("state", "FAILED");
		assertThat((String) row(id).get("last_error")).contains("toolkit", "nobody holds the role 'key-worker'");
		assertThat(mails(id)).isEmpty();
		// On Arbor, a role no member of staff holds.
		Set<String> held = new HashSet<>();
		this.staffRoles.all("prevention").forEach((r) -> held.add(r.role()));
		String nobody = Recipients.STAFF_ROLES.stream().filter((r) -> !held.contains(r)).findFirst().orElseThrow();
		long arbor = alert("prevention", freshPupil("prevention"), nobody);
		dispatch();
		assertThat(row(arbor)).containsEntry("state", "FAILED");
		assertThat((String) row(arbor).get("last_error")).contains("prevention", "nobody holds the role '" + nobody);
		assertThat(mails(arbor)).isEmpty();
	}

	@Test
	@Order(8)
	void aRoleWhoseHoldersHaveNoAddressFailsBeforeAnythingIsWritten() {
		String pupil = freshPupil("prevention");
		this.jdbc.update("update staff_role set email = null where school_id = 'prevention' and role = 'senco'",
				Map.of());
		long id = alert("prevention", pupil, "senco");
		dispatch();
		assertThat(row(id)).containsEntry("state", "FAILED");
		assertThat((String) row(id).get("last_error")).contains("prevention", "nobody holding the role 'senco'",
				"has an email address");
		String reference = OutboxAction.referenceOf(id);
		assertThat(mailed().mock.school("prevention").notes(null))
			.noneMatch((n) -> n.content().contains("[" + reference + "]"));
		assertThat(mails(id)).isEmpty();
	}

	@Test
	@Order(8)
	void anAttemptHungPastItsLeaseSendsNothingOnceAnotherNodeHasSentTheAlert() throws Exception {
		long id = alert("toolkit", freshPupil("toolkit"), StaffRole.TUTOR);
		Hung hung = hang(id, Duration.ofMinutes(2));
		// Its lease ran out: the next run finds it in doubt, and nothing could have been
		// handed over, so it is sent again without a person.
		later(Duration.ofMinutes(3));
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(mails(id)).hasSize(1);
		letGoAfterTheAlertWasSent(hung, id);
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(states(id)).containsExactly("PENDING", "SENDING", "IN_DOUBT", "RETRYABLE", "SENDING", "SENT");
	}

	@Test
	@Order(8)
	void aPersonsSendAgainWhileTheFirstAttemptHangsSendsTheAlertOnce() throws Exception {
		long id = alert("toolkit", freshPupil("toolkit"), StaffRole.TUTOR);
		// The node's lease on the action runs out before its attempt's lease does.
		Hung hung = hang(id, Duration.ofMinutes(1));
		later(Duration.ofSeconds(90));
		assertThat(this.store.expireLeases(Set.of("staff-alert"))).isPositive();
		assertThat(row(id)).containsEntry("state", "IN_DOUBT");
		this.operator.resolve(id, "alice", false);
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(mails(id)).hasSize(1);
		letGoAfterTheAlertWasSent(hung, id);
		later(Duration.ofHours(2));
		dispatch();
		assertThat(mails(id)).hasSize(1);
		assertThat(row(id)).containsEntry("state", "SENT");
	}

	@Test
	@Order(8)
	void noSecondAttemptStartsWhileTheFirstMayStillHandItsMessageOver() throws Exception {
		long id = alert("toolkit", freshPupil("toolkit"), StaffRole.TUTOR);
		Hung hung = hang(id, Duration.ofMinutes(1));
		// The node lost the action, but its attempt still holds the email.
		later(Duration.ofSeconds(90));
		dispatch();
		assertThat(row(id)).containsEntry("state", "RETRYABLE");
		assertThat((String) row(id).get("last_error")).contains("may still be under way");
		assertThat(mails(id)).isEmpty();
		// Let go within its lease, it hands the message over and the server takes it.
		Delivery late = hung.letGo();
		assertThat(late.outcome()).isEqualTo(Delivery.Outcome.SENT);
		assertThat(mails(id)).hasSize(1);
		assertThat(emailAttempts(id)).containsExactly("ACCEPTED");
		later(Duration.ofHours(2));
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(lastDetail(id)).contains("already taken by the SMTP server", "not sent again");
		assertThat(mails(id)).hasSize(1);
	}

	/**
	 * The server took the message and trickles its answer, a byte at a time, each within
	 * the read timeout (30 s): the wait is cut off as a whole at the write timeout the
	 * session has (5 s, from {@code spring.mail.properties}) plus its read timeout, 35 s
	 * after the hand-over, and the attempt holds the email 5 s longer (the lease margin).
	 * Meanwhile a person's Send again starts nothing. Afterwards it sends the alert
	 * again: the server had the whole message and took it, so there are two, which is why
	 * an email in doubt waits for a person who checked with the recipients.
	 */
	@Test
	@Order(8)
	void anAnswerTrickledPastItsBoundIsCutOffAndSendAgainWaitsUntilThen() throws Exception {
		long id = alert("toolkit", freshPupil("toolkit"), StaffRole.TUTOR);
		this.store.claim(Set.of("staff-alert"), Set.of(), 10, "slow-node",
				mailed().mock.clock().instant().plus(Duration.ofSeconds(20)), (a) -> Optional.empty());
		mailed().proxy.next(SmtpFaultProxy.Fault.TRICKLE_ANSWER);
		java.time.Instant handedOver = mailed().mock.clock().instant();
		CompletableFuture<Delivery> attempt = CompletableFuture.supplyAsync(() -> alerts().deliver(claimed(id)));
		for (int i = 0; i < 600 && !"SENDING".equals(emailState(id)); i++) {
			Thread.sleep(50);
		}
		assertThat(emailState(id)).isEqualTo("SENDING");
		assertThat(this.jdbc
			.queryForObject("select lease_until from alert_email where outbox_id = :id", Map.of("id", id),
					java.time.OffsetDateTime.class)
			.toInstant()).isEqualTo(handedOver.plus(Duration.ofSeconds(40)));
		// The node lost the action; a person sends it again while the answer trickles.
		later(Duration.ofSeconds(25));
		assertThat(this.store.expireLeases(Set.of("staff-alert"))).isPositive();
		this.operator.resolve(id, "alice", false);
		dispatch();
		assertThat(row(id)).containsEntry("state", "RETRYABLE");
		assertThat((String) row(id).get("last_error")).contains("may still be under way");
		assertThat(emailAttempts(id)).containsExactly("NOT_ARRIVED");
		// Cut off at its bound, not by a read timeout: the trickle never let one run out.
		Delivery first = attempt.get(120, TimeUnit.SECONDS);
		assertThat(first.outcome()).isEqualTo(Delivery.Outcome.IN_DOUBT);
		assertThat(first.detail()).contains("no answer within 35 s of handing the message over",
				"the connection was closed");
		assertThat(emailAttempts(id)).containsExactly("NOT_ARRIVED");
		assertThat(mails(id)).as("the server took the first message").hasSize(1);
		// The attempt ended, so its hold is over: once due, the person's Send again goes.
		later(Duration.ofMinutes(2));
		dispatch();
		assertThat(row(id)).containsEntry("state", "SENT");
		assertThat(emailAttempts(id)).containsExactly("NOT_ARRIVED", "ACCEPTED");
		assertThat(mails(id)).as("a person's Send again after the server took it sends it twice").hasSize(2);
	}

	@Test
	@Order(8)
	void sendAgainOnAnAlertSentBothWaysSendsOnlyWhatIsNotKnownToHaveArrived() {
		String school = "staged";
		// A node put the alert into the MIS and emailed it, then died before recording
		// it; a person, asked about it, sends it again.
		long taken = alert(school, freshPupil(school), StaffRole.HEAD_OF_YEAR);
		this.store.claim(Set.of("staff-alert"), Set.of(), 10, "dead-node",
				mailed().mock.clock().instant().plus(Duration.ofMinutes(2)), (a) -> Optional.empty());
		assertThat(alerts().deliver(claimed(taken)).outcome()).isEqualTo(Delivery.Outcome.SENT);
		later(Duration.ofMinutes(3));
		assertThat(this.store.expireLeases(Set.of("staff-alert"))).isPositive();
		this.operator.resolve(taken, "alice", false);
		dispatch();
		assertThat(row(taken)).containsEntry("state", "SENT");
		assertThat(notes(school, taken)).as("the MIS part is looked up, found, not written twice").hasSize(1);
		assertThat(mails(taken)).as("the email the server took is not sent twice").hasSize(1);
		assertThat(lastDetail(taken)).contains("in the MIS", "already taken by the SMTP server", "not sent again");

		// The email was lost after the hand-over, the MIS part arrived: the person found
		// the email lost, so it goes again, and the note stays one.
		long lost = alert(school, freshPupil(school), StaffRole.TUTOR);
		mailed().proxy.next(SmtpFaultProxy.Fault.CUT_AFTER_DATA);
		dispatch();
		assertThat(row(lost)).containsEntry("state", "IN_DOUBT");
		assertThat(notes(school, lost)).hasSize(1);
		this.operator.resolve(lost, "alice", false);
		dispatch();
		assertThat(row(lost)).containsEntry("state", "SENT");
		assertThat(notes(school, lost)).hasSize(1);
		assertThat(mails(lost)).as("sent again because a person found it lost").hasSize(2);
		assertThat(emailAttempts(lost)).containsExactly("NOT_ARRIVED", "ACCEPTED");
	}

	@Test
	@Order(9)
	void noStaffAddressAppearsInAnyLogLine() {
		List<String> addresses = new ArrayList<>();
		for (String school : SCHOOLS) {
			this.staffRoles.all(school).stream().map(StaffRole::email).filter((e) -> e != null).forEach(addresses::add);
		}
		assertThat(addresses).isNotEmpty();
		assertThat(LOGS.list).isNotEmpty();
		assertThat(LOGS.list).extracting(ILoggingEvent::getFormattedMessage)
			.allSatisfy((line) -> assertThat(line).doesNotContain(addresses));
	}

}
