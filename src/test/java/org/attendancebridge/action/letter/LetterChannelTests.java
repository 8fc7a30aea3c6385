package org.attendancebridge.action.letter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.store.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The letter channel on a real database: post tray, retries and reconciliation. */
abstract class LetterChannelTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-12T16:00:00Z"), ZoneOffset.UTC);

	private TestDatabase db;

	private LetterStore letters;

	private LetterChannel channel;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void schoolWithOnePupil() {
		this.db = TestDatabase.create(kind());
		this.db.stJohnsWithOnePupil(CLOCK);
		this.letters = new LetterStore(this.db.jdbc());
		this.channel = new LetterChannel(new LetterRenderer(TemplateCatalog.load(Path.of("policies", "templates"))),
				this.letters, new PupilLookup(this.db.jdbc()), CLOCK, this.db.outbox(CLOCK), this.db.transaction());
	}

	private OutboxAction propose(String pupil, String template) {
		PlannedAction planned = SampleActions.of("st-johns", pupil, "AC4", ActionKind.LETTER, template);
		return this.db.proposed(planned, CLOCK);
	}

	@Test
	void aDeliveredLetterWaitsInThePostTrayAsAPdf() {
		OutboxAction action = propose("arbor-1001", "sam-awareness-letter");
		assertThat(this.channel.find(action)).isEmpty();
		Delivery delivery = this.channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.SENT);
		List<LetterStore.LetterRow> tray = this.letters.forPosting("st-johns");
		assertThat(tray).hasSize(1);
		LetterStore.LetterRow letter = tray.get(0);
		assertThat(delivery.providerId()).isEqualTo("letter-" + letter.id());
		assertThat(letter.outboxId()).isEqualTo(action.id());
		assertThat(letter.template()).isEqualTo("sam-awareness-letter");
		assertThat(letter.createdAt()).isEqualTo(CLOCK.instant());
		byte[] pdf = this.letters.pdf(letter.id()).orElseThrow();
		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(delivery.detail()).doesNotContain("A123456789012");
		assertThat(this.letters.posted(letter.id(), CLOCK.instant())).isTrue();
		assertThat(this.letters.forPosting("st-johns")).isEmpty();
	}

	@Test
	void aRetryOrAReconciliationFindsTheLetterAlreadyMade() {
		OutboxAction action = propose("arbor-1001", "early-support-letter");
		Delivery first = this.channel.deliver(action);
		Delivery again = this.channel.deliver(new OutboxAction(action.id(), action.reference(), action.planned(), 1));
		assertThat(again.providerId()).isEqualTo(first.providerId());
		assertThat(this.channel.find(action)).hasValueSatisfying((found) -> {
			assertThat(found.outcome()).isEqualTo(Delivery.Outcome.SENT);
			assertThat(found.providerId()).isEqualTo(first.providerId());
		});
		assertThat(this.letters.forPosting("st-johns")).hasSize(1);
	}

	@Test
	void aPupilTheStoreDoesNotKnowFailsWithoutALetter() {
		OutboxAction action = propose("arbor-9999", "pa-letter");
		Delivery delivery = this.channel.deliver(action);
		assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.FAILED);
		assertThat(delivery.detail()).contains("arbor-9999");
		assertThat(this.letters.forPosting("st-johns")).isEmpty();
	}

}
