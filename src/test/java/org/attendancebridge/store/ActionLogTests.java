package org.attendancebridge.store;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.cli.Cli;
import org.attendancebridge.policy.ActionKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The action log's hash chains on a real database, checked through the {@code verify}
 * command as an operator runs it: tampering with a row, removing one, and two writers on
 * one chain at once.
 */
abstract class ActionLogTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-11T09:31:00.123456789Z"), ZoneOffset.UTC);

	private TestDatabase db;

	private OutboxStore outbox;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void freshDatabase() {
		this.db = TestDatabase.create(kind());
		this.outbox = this.db.outbox(CLOCK);
	}

	/** Proposes actions for two schools and logs a dispatch of the first. */
	private void logSomeActions() {
		this.db.transaction()
			.executeWithoutResult((status) -> this.outbox.propose(List.of(
					SampleActions.of("st-johns", "arbor-1001", "AC5", ActionKind.LETTER, "sam-awareness-letter"),
					SampleActions.of("st-johns", "arbor-1002", "FIRST_DAY", ActionKind.SMS, "truancy-text"),
					SampleActions.of("st-johns", "arbor-1003", "AC3", ActionKind.LETTER, "early-support-letter"),
					SampleActions.of("graduated", "cc-7", "S3", ActionKind.CPOMS_CONCERN, "attendance-concern")),
					"PENDING"));
		long first = outboxId("st-johns", "arbor-1001");
		OffsetDateTime now = OffsetDateTime.now(CLOCK);
		this.db.actionLog().append(first, "SENDING", "claimed", now);
		this.db.jdbc().update("update outbox set provider_id = 'letter-1' where id = :id", Map.of("id", first));
		this.db.actionLog().append(first, "SENT", "letter rendered and queued for posting", now);
	}

	private long outboxId(String school, String pupil) {
		return this.db.jdbc()
			.queryForObject("select id from outbox where school_id = :s and pupil_id = :p",
					Map.of("s", school, "p", pupil), Long.class);
	}

	private Run verify(String... more) {
		List<String> args = new ArrayList<>(List.of("verify", "--spring.datasource.url=" + this.db.url(),
				"--spring.datasource.username=" + this.db.user(),
				"--spring.datasource.password=" + this.db.password()));
		args.addAll(List.of(more));
		return Run.of(args.toArray(String[]::new));
	}

	@Test
	void eachSchoolHasItsOwnChainWithWhoWhatWhenAndWhy() {
		logSomeActions();
		List<Map<String, Object>> rows = this.db.jdbc()
			.queryForList("select chain, seq, state, actor, rule_id, policy_id, policy_version, kind, provider_id, "
					+ "prev_hash, hash from action_log order by chain, seq", Map.of());
		assertThat(rows).extracting((row) -> row.get("chain") + "#" + row.get("seq"))
			.containsExactly("graduated#1", "st-johns#1", "st-johns#2", "st-johns#3", "st-johns#4", "st-johns#5");
		Map<String, Object> sent = rows.get(5);
		assertThat(sent).containsEntry("state", "SENT")
			.containsEntry("actor", ActionLog.SYSTEM_ACTOR)
			.containsEntry("rule_id", "AC5")
			.containsEntry("policy_id", "st-johns-way")
			.containsEntry("policy_version", 1)
			.containsEntry("kind", "letter")
			.containsEntry("provider_id", "letter-1");
		assertThat(sent.get("prev_hash")).isEqualTo(rows.get(4).get("hash"));
		assertThat(rows.get(0).get("prev_hash")).isEqualTo("0".repeat(64));
		Run run = verify();
		assertThat(run.status()).as(run.err()).isZero();
		assertThat(run.out()).contains("ok graduated: 1 entries, head " + rows.get(0).get("hash"))
			.contains("ok st-johns: 5 entries, head " + sent.get("hash"))
			.contains("verify: 2 chains, 6 entries, all intact");
	}

	@Test
	void anActionProposedAgainOrTwiceInOneBatchIsOneRowAndOneEntry() {
		logSomeActions();
		List<PlannedAction> again = List.of(
				SampleActions.of("st-johns", "arbor-1002", "FIRST_DAY", ActionKind.SMS, "truancy-text"),
				SampleActions.of("st-johns", "arbor-1004", "AC3", ActionKind.LETTER, "early-support-letter"),
				SampleActions.of("st-johns", "arbor-1004", "AC3", ActionKind.LETTER, "early-support-letter"));
		Integer added = this.db.transaction().execute((status) -> this.outbox.propose(again, "PENDING"));
		assertThat(added).isEqualTo(1);
		assertThat(this.db.jdbc()
			.queryForList("select pupil_id from outbox where school_id = 'st-johns' order by id", Map.of(),
					String.class))
			.containsExactly("arbor-1001", "arbor-1002", "arbor-1003", "arbor-1004");
		assertThat(this.db.jdbc()
			.queryForList("select seq from action_log where chain = 'st-johns' and outbox_id = :id",
					Map.of("id", outboxId("st-johns", "arbor-1004")), Long.class))
			.containsExactly(6L);
		Run run = verify();
		assertThat(run.status()).as(run.err()).isZero();
		assertThat(run.out()).contains("ok st-johns: 6 entries");
	}

	@Test
	void aChangedDetailIsNamedWithItsChainSeqAndOutboxId() {
		logSomeActions();
		long first = outboxId("st-johns", "arbor-1001");
		this.db.jdbc()
			.update("update action_log set detail = 'nothing was sent' where chain = 'st-johns' and seq = 5", Map.of());
		Run run = verify();
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out())
			.contains("BROKEN st-johns: seq 5 (outbox " + first + "): the entry does not match its hash")
			.contains("ok graduated: 1 entries")
			.contains("verify: 1 of 2 chains broken");
	}

	@Test
	void aChangedStateIsNamedEvenWhenTheRowsHashIsRecomputed() {
		logSomeActions();
		long first = outboxId("st-johns", "arbor-1001");
		this.db.jdbc().update("update action_log set state = 'FAILED' where chain = 'st-johns' and seq = 4", Map.of());
		Run run = verify("--school", "st-johns");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).contains("BROKEN st-johns: seq 4 (outbox " + first + "): the entry does not match")
			.doesNotContain("graduated");
		// A forger who also rewrites that row's hash breaks the link to the next entry.
		this.db.jdbc()
			.update("update action_log set hash = '" + "f".repeat(64) + "' where chain = 'st-johns' and seq = 4",
					Map.of());
		assertThat(verify("--school", "st-johns").out())
			.contains("BROKEN st-johns: seq 4 (outbox " + first + "): the entry does not match");
	}

	@Test
	void aRemovedEntryIsNamedAsAGap() {
		logSomeActions();
		this.db.jdbc().update("delete from action_log where chain = 'st-johns' and seq = 2", Map.of());
		Run run = verify();
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).contains("BROKEN st-johns: seq 2: entry 2 is missing (the chain goes from 1 to 3, outbox "
				+ outboxId("st-johns", "arbor-1003") + "; removed?)");
	}

	@Test
	void aRemovedLastEntryIsNamedFromTheHead() {
		logSomeActions();
		this.db.jdbc().update("delete from action_log where chain = 'st-johns' and seq = 5", Map.of());
		Run run = verify();
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).contains("BROKEN st-johns: seq 5: entry 5 is missing at the end of the chain");
	}

	@Test
	void anUnknownSchoolIsBadInput() {
		logSomeActions();
		Run run = verify("--school", "nowhere");
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("no action log chain for school 'nowhere'").contains("graduated, st-johns");
	}

	@Test
	void twoWritersOnOneChainNeverTakeTheSameSeq() throws Exception {
		logSomeActions();
		long first = outboxId("st-johns", "arbor-1001");
		long second = outboxId("st-johns", "arbor-1002");
		ExecutorService writers = Executors.newFixedThreadPool(2);
		List<Future<?>> done = new ArrayList<>();
		for (long id : new long[] { first, second }) {
			done.add(writers.submit(() -> {
				for (int i = 0; i < 25; i++) {
					// Each in a transaction of its own, as two nodes would.
					this.db.transaction()
						.executeWithoutResult((status) -> this.db.actionLog()
							.append(id, "RETRYABLE", "attempt failed", OffsetDateTime.now(CLOCK)));
				}
			}));
		}
		for (Future<?> writer : done) {
			writer.get(60, TimeUnit.SECONDS);
		}
		writers.shutdown();
		Run run = verify("--school", "st-johns");
		assertThat(run.status()).as(run.out()).isZero();
		assertThat(run.out()).contains("ok st-johns: 55 entries");
	}

	@Test
	void aNewSchoolsFirstEntriesFromTwoWritersShareOneHead() throws Exception {
		this.db.transaction()
			.executeWithoutResult((status) -> this.outbox.propose(
					List.of(SampleActions.of("new-school", "p1", "AC3", ActionKind.LETTER, "early-support-letter")),
					"PENDING"));
		this.db.jdbc().update("delete from action_log", Map.of());
		this.db.jdbc().update("delete from action_log_head", Map.of());
		long id = outboxId("new-school", "p1");
		ExecutorService writers = Executors.newFixedThreadPool(4);
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			done.add(writers.submit(() -> this.db.transaction()
				.executeWithoutResult(
						(status) -> this.db.actionLog().append(id, "PENDING", "proposed", OffsetDateTime.now(CLOCK)))));
		}
		for (Future<?> writer : done) {
			writer.get(60, TimeUnit.SECONDS);
		}
		writers.shutdown();
		assertThat(verify().out()).contains("ok new-school: 4 entries");
	}

	@Test
	void entriesLoggedBeforeTheChainAreChainedByTheMigration() {
		TestDatabase old = TestDatabase.create(kind(), "1");
		OffsetDateTime at = OffsetDateTime.now(CLOCK);
		for (String pupil : List.of("p1", "p2")) {
			old.jdbc()
				.update("insert into outbox (dedupe_key, school_id, pupil_id, policy_id, rule_id, kind, recipient, "
						+ "template, decided_on, state, explanation, payload, created_at, updated_at) values "
						+ "(:key, 'st-johns', :pupil, 'st-johns-way', 'AC3', 'letter', 'parent', "
						+ "'early-support-letter', '2024-11-11', 'PROPOSED', 'below 96%', "
						+ "'{\"policyVersion\":1}', :at, :at)", Map.of("key", "k-" + pupil, "pupil", pupil, "at", at));
			old.jdbc()
				.update("insert into action_log (outbox_id, at, state, detail) select id, :at, 'PROPOSED', "
						+ "'proposed by st-johns-way AC3' from outbox where pupil_id = :pupil",
						Map.of("at", at, "pupil", pupil));
		}
		old.migrate(null);
		assertThat(old.jdbc().queryForList("select actor from action_log", Map.of(), String.class))
			.containsOnly(ActionLogChainMigration.ACTOR)
			.hasSize(2);
		old.actionLog()
			.append(old.jdbc().queryForObject("select min(id) from outbox", Map.of(), Long.class), "SENDING", "claimed",
					at);
		this.db = old;
		Run run = verify();
		assertThat(run.status()).as(run.out()).isZero();
		assertThat(run.out()).contains("ok st-johns: 3 entries");
	}

	/** One run of the jar's command line. */
	record Run(int status, String out, String err) {

		static Run of(String... args) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}

	}

}
