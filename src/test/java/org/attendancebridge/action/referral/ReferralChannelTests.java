package org.attendancebridge.action.referral;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.task.TaskStore;
import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.evidence.EvidenceGatherer;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.MarkStore;
import org.attendancebridge.store.PupilStore;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.store.SchoolStore;
import org.attendancebridge.store.StoredRoll;
import org.attendancebridge.store.TestDatabase;
import org.attendancebridge.web.SchoolReads;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The referral channel on a real database: the pupil's referral pack (a cover naming the
 * rule, then the evidence pack read from the store) made once per action, in the tray.
 */
abstract class ReferralChannelTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-12T16:00:00Z"), ZoneOffset.UTC);

	private static final Path POLICIES = Path.of("policies");

	private TestDatabase db;

	private ReferralStore referrals;

	private ReferralChannel channel;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void schoolWithOnePupilAndAWeekOfMarks() {
		this.db = TestDatabase.create(kind());
		this.db.stJohnsWithOnePupil(CLOCK);
		OffsetDateTime now = OffsetDateTime.now(CLOCK);
		Map<LocalDate, String> week = Map.of(LocalDate.of(2024, 11, 4), "/", LocalDate.of(2024, 11, 5), "/",
				LocalDate.of(2024, 11, 6), "O", LocalDate.of(2024, 11, 7), "I", LocalDate.of(2024, 11, 8), "/");
		week.forEach((day, code) -> {
			for (String session : List.of("AM", "PM")) {
				this.db.jdbc()
					.update("insert into mark (school_id, pupil_id, mark_date, session, code, recorded_at) values "
							+ "('st-johns', 'arbor-1001', :day, :session, :code, :now)",
							Map.of("day", day, "session", session, "code", code, "now", now));
			}
		});
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.db.dataSource());
		PolicyCatalog policies = new PolicyCatalog(POLICIES);
		MarkStore marks = this.db.marks(CLOCK);
		SchoolReads reads = new SchoolReads(new SchoolStore(this.db.jdbc(), CLOCK, transactions),
				new StoredRoll(new PupilStore(this.db.jdbc(), CLOCK), marks, this.db.jdbc()), this.db.outbox(CLOCK),
				new ConnectorRegistry(Path.of("connectors"), policies, new StandardEnvironment()), policies, CLOCK);
		EvidenceGatherer gatherer = new EvidenceGatherer(reads, marks, this.db.actionLog(),
				new TaskStore(this.db.jdbc(), this.db.actionLog(), transactions), this.db.dataSource(), CLOCK);
		this.referrals = new ReferralStore(this.db.jdbc(), this.db.actionLog(), transactions);
		this.channel = new ReferralChannel(TemplateCatalog.load(POLICIES.resolve("templates")), reads, gatherer,
				this.referrals, CLOCK);
	}

	private OutboxAction propose(String pupil) {
		PlannedAction planned = SampleActions.of("st-johns", pupil, "LA_NOTIFY", ActionKind.LA_REFERRAL,
				"la-absence-notification");
		return this.db.proposed(planned, CLOCK);
	}

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
		}
	}

	@Test
	void theReferralPackNamesTheRuleAndCarriesTheRegisterAndWaitsInTheTray() throws IOException {
		OutboxAction action = propose("arbor-1001");
		assertThat(this.channel.find(action)).isEmpty();
		Delivery delivery = this.channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.SENT);
		List<ReferralStore.ReferralRow> tray = this.referrals.list(null, "st-johns", null);
		assertThat(tray).hasSize(1);
		ReferralStore.ReferralRow referral = tray.get(0);
		assertThat(delivery.providerId()).isEqualTo("referral-" + referral.id());
		assertThat(referral.actionId()).isEqualTo(action.id());
		assertThat(referral.rule()).isEqualTo("LA_NOTIFY");
		assertThat(referral.template()).isEqualTo("la-absence-notification");
		assertThat(referral.createdAt()).isEqualTo(CLOCK.instant());
		assertThat(referral.sentAt()).isNull();
		assertThat(referral.state()).isEqualTo("unsent");
		assertThat(this.referrals.school(referral.id())).contains("st-johns");
		String text = text(this.referrals.pdf(referral.id()).orElseThrow());
		assertThat(text)
			.contains("Referral to the local authority: pupil arbor-1001", "St John's Academy (st-johns)",
					"Rule LA_NOTIFY of policy st-johns-way (version 1) fired on 2024-11-11",
					"Why: attendance 88.5% (115 of 130 sessions) is below 90%", "Our reference: " + action.reference())
			.contains("Attendance evidence: pupil arbor-1001", "Register", "2024-11-06 WED O unauthorised absence",
					"2024-11-07 THU I ", "2024-11-04 MON / present")
			.doesNotContain("A123456789012", "((");
		assertThat(delivery.detail()).doesNotContain("A123456789012");
		assertThat(this.referrals.list(List.of("toolkit"), null, null)).isEmpty();
		assertThat(this.referrals.list(List.of(), null, null)).isEmpty();
	}

	@Test
	void aReferralIsMarkedSentOnceWithWhoAndWhenIntoTheActionLog() {
		OutboxAction action = propose("arbor-1001");
		this.channel.deliver(action);
		long id = this.referrals.forAction(action.id()).orElseThrow();
		Instant at = CLOCK.instant().plusSeconds(3600);
		ReferralStore.ReferralRow sent = this.referrals.markSent(id, "alice", at).orElseThrow();
		assertThat(sent.sentAt()).isEqualTo(at);
		assertThat(sent.sentBy()).isEqualTo("alice");
		assertThat(sent.state()).isEqualTo("sent");
		assertThat(this.referrals.markSent(id, "bob", at.plusSeconds(60))).isEmpty();
		assertThat(this.referrals.get(id).orElseThrow().sentBy()).isEqualTo("alice");
		assertThat(this.referrals.markSent(999999, "alice", at)).isEmpty();
		assertThat(this.referrals.list(null, "st-johns", true)).extracting(ReferralStore.ReferralRow::id)
			.containsExactly(id);
		assertThat(this.referrals.list(null, "st-johns", false)).isEmpty();
		Map<String, Object> entry = this.db.jdbc()
			.queryForMap("select actor, state, detail from action_log where outbox_id = :id order by seq desc limit 1",
					Map.of("id", action.id()));
		assertThat(entry).containsEntry("actor", "alice").containsEntry("state", ReferralStore.SENT_TO_LA);
		assertThat((String) entry.get("detail")).contains("referral " + id, "LA_NOTIFY", "sent to the local authority");
		assertThat(this.db.jdbc()
			.queryForObject("select count(*) from action_log where outbox_id = :id and state = :state",
					Map.of("id", action.id(), "state", ReferralStore.SENT_TO_LA), Long.class))
			.isEqualTo(1);
		assertThat(new ActionLogCheck(this.db.dataSource()).checkAll())
			.allSatisfy((chain) -> assertThat(chain.ok()).isTrue());
	}

	@Test
	void aRetryOrAReconciliationFindsTheReferralAlreadyMade() {
		OutboxAction action = propose("arbor-1001");
		Delivery first = this.channel.deliver(action);
		Delivery again = this.channel.deliver(new OutboxAction(action.id(), action.reference(), action.planned(), 1));
		assertThat(again.outcome()).isEqualTo(Delivery.Outcome.SENT);
		assertThat(again.providerId()).isEqualTo(first.providerId());
		assertThat(this.channel.find(action)).hasValueSatisfying((found) -> {
			assertThat(found.outcome()).isEqualTo(Delivery.Outcome.SENT);
			assertThat(found.providerId()).isEqualTo(first.providerId());
		});
		assertThat(this.db.jdbc().queryForObject("select count(*) from referral", Map.of(), Long.class)).isEqualTo(1);
	}

	@Test
	void aPupilWithoutARegisterFailsWithoutAReferral() {
		OutboxAction action = propose("arbor-9999");
		Delivery delivery = this.channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.FAILED);
		assertThat(delivery.detail()).contains("st-johns", "arbor-9999");
		assertThat(this.referrals.list(null, null, null)).isEmpty();
	}

}
