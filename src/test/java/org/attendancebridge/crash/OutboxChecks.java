package org.attendancebridge.crash;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.attendancebridge.store.ActionLogCheck;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold of the outbox once dispatch has settled, whatever died or was cut on the
 * way: every action ended where it should (sent, failed, visibly in doubt, or held by a
 * dry run or an approval), none was sent twice, every action sent outside the adapter is
 * exactly one write in the mock's journal, what the adapter keeps itself (letters, tasks,
 * referrals) is kept once, and every school's action log chain verifies.
 */
final class OutboxChecks {

	/**
	 * Kinds delivered outside the adapter, each write carrying the action's reference.
	 */
	static final Set<String> SENT_OUT = Set.of("sms", "cpoms-concern", "mis-note", "mark-amend", "staff-alert");

	/** The states dispatch leaves an action in for good. */
	static final Set<String> SETTLED = Set.of("SENT", "FAILED", "IN_DOUBT", "PROPOSED");

	private OutboxChecks() {
	}

	/** Actions not yet settled: still to send, being sent, or to look up. */
	static long unsettled(NamedParameterJdbcTemplate jdbc) {
		return jdbc.queryForObject(
				"select count(*) from outbox where state in ('PENDING', 'RETRYABLE', 'SENDING', 'IN_DOUBT')", Map.of(),
				Long.class);
	}

	/**
	 * @param writes how many writes carry each action's reference
	 * @param dryRuns the schools with a dry run, and its kinds (none: every kind)
	 */
	static void hold(NamedParameterJdbcTemplate jdbc, DataSource dataSource, Map<Long, Integer> writes,
			Map<String, Set<String>> dryRuns) {
		List<Map<String, Object>> actions = jdbc.queryForList(
				"select id, school_id, kind, state, held_for, provider_id, last_error from outbox order by id",
				Map.of());
		assertThat(actions).as("actions proposed").isNotEmpty();
		assertThat(writes.values()).as("writes per action (never two)").allSatisfy((n) -> assertThat(n).isEqualTo(1));
		for (Map<String, Object> action : actions) {
			long id = ((Number) action.get("id")).longValue();
			String kind = (String) action.get("kind");
			String state = (String) action.get("state");
			int written = writes.getOrDefault(id, 0);
			assertThat(state).as("state of action %d (%s)", id, action).isIn(SETTLED);
			switch (state) {
				case "PROPOSED" -> {
					assertThat(action.get("held_for")).as("why action %d is held", id).isIn("dry-run", "approval");
					assertThat(written).as("writes of held action %d", id).isZero();
				}
				case "SENT" -> {
					if (SENT_OUT.contains(kind)) {
						boolean nothingToDo = kind.equals("mark-amend")
								&& "nothing to amend".equals(action.get("provider_id"));
						assertThat(written).as("writes of sent %s action %d", kind, id).isEqualTo(nothingToDo ? 0 : 1);
					}
				}
				case "IN_DOUBT" -> assertThat(action.get("last_error")).as("why action %d is in doubt", id).isNotNull();
				default -> {
				}
			}
			Set<String> dryRun = dryRuns.get((String) action.get("school_id"));
			boolean dry = dryRun != null && (dryRun.isEmpty() || dryRun.contains(kind));
			assertThat("PROPOSED".equals(state) && "dry-run".equals(action.get("held_for")))
				.as("action %d (%s) held by a dry run", id, action)
				.isEqualTo(dry);
		}
		assertThat(writes.keySet()).as("every write belongs to an action of the outbox")
			.allSatisfy((id) -> assertThat(actions).anySatisfy((a) -> assertThat(a.get("id")).isEqualTo(id)));
		keptOnce(jdbc, "letter", "letter");
		keptOnce(jdbc, "task", "task");
		keptOnce(jdbc, "la-referral", "referral");
		for (ActionLogCheck.ChainReport chain : new ActionLogCheck(dataSource).checkAll()) {
			assertThat(chain.ok()).as(chain.chain() + ": " + chain.problem()).isTrue();
		}
	}

	/**
	 * An action the adapter keeps itself is kept once (the table's unique outbox id), and
	 * only if it was sent or may have been.
	 */
	private static void keptOnce(NamedParameterJdbcTemplate jdbc, String kind, String table) {
		assertThat(count(jdbc,
				"select count(*) from " + table + " t join outbox o on o.id = t.outbox_id " + "where o.kind = '" + kind
						+ "' and o.state not in ('SENT', 'IN_DOUBT')"))
			.as("%ss kept for actions not sent", table)
			.isZero();
		assertThat(count(jdbc,
				"select count(*) from outbox o where o.kind = '" + kind + "' and o.state = 'SENT' "
						+ "and not exists (select 1 from " + table + " t where t.outbox_id = o.id)"))
			.as("%s actions sent without a %s", kind, table)
			.isZero();
	}

	private static long count(NamedParameterJdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Map.of(), Long.class);
	}

}
