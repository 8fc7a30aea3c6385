package org.attendancebridge.action.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What became of each attempt to email an alert (table {@code alert_email}, a row per
 * attempt), written around the SMTP conversation, each step committed on its own: SMTP
 * cannot be asked afterwards whether a message arrived, so this record is what a retry, a
 * restart or the reconciliation of an action in doubt goes by. An attempt starts with a
 * lease and may hand its message over only while it still holds its record under that
 * lease ({@link #handOver}); so an attempt that hung past it (its node lost the action)
 * can no longer send, and ends only its own row. No address and no text is kept.
 */
@Repository
public class AlertEmailStore {

	/** The action's email, as it stands for the next attempt. */
	public enum State {

		/** Nothing was handed to the server, or it refused it: safe to send. */
		NONE,
		/** The server took it. */
		ACCEPTED,
		/** It was handed over with no answer: nobody knows whether the server took it. */
		SENDING,
		/**
		 * An earlier attempt may still hand it over or hear the server's answer, until
		 * its lease runs out: wait for it.
		 */
		UNDER_WAY

	}

	/**
	 * @param attempt the number of the attempt that may go ahead (when {@code before} is
	 * {@link State#NONE})
	 * @param before what stands in its way, or {@link State#NONE}
	 */
	public record Begun(int attempt, State before) {
	}

	private static final String ROWS = "select attempt, state, lease_until from alert_email where outbox_id = :outbox "
			+ "order by attempt desc";

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate tx;

	public AlertEmailStore(NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
	}

	/**
	 * Starts the next attempt (STARTED, leased for {@code lease}) unless an earlier one
	 * was taken, may have been, or may still be. A STARTED attempt whose lease ran out
	 * can no longer hand its message over, so it is closed and the next one starts. The
	 * earlier attempts are locked meanwhile, so a late attempt's {@link #handOver} waits
	 * and then finds its record closed.
	 */
	public Begun begin(long outboxId, String messageId, int recipients, Duration lease) {
		OffsetDateTime now = now();
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("outbox", outboxId)
			.addValue("message", messageId)
			.addValue("recipients", recipients)
			.addValue("now", now)
			.addValue("until", now.plus(lease));
		try {
			return this.tx.execute((status) -> {
				List<Attempt> attempts = this.jdbc.query(ROWS + " for update", p, Attempt::read);
				State before = standing(attempts, now);
				if (before != State.NONE) {
					return new Begun(0, before);
				}
				int next = attempts.isEmpty() ? 1 : attempts.get(0).number() + 1;
				if (!attempts.isEmpty() && attempts.get(0).state().equals("STARTED")) {
					end(outboxId, next - 1, "REFUSED", "its lease ran out before it handed the message over");
				}
				this.jdbc.update("insert into alert_email (outbox_id, attempt, message_id, recipients, state, "
						+ "started_at, lease_until) values (:outbox, :attempt, :message, :recipients, 'STARTED', :now, "
						+ ":until)", p.addValue("attempt", next));
				return new Begun(next, State.NONE);
			});
		}
		catch (DuplicateKeyException ex) {
			// Another node started the same attempt at the same moment.
			return new Begun(0, State.UNDER_WAY);
		}
	}

	/**
	 * Just before the attempt hands its message over: whether it still holds its record
	 * under its lease. If so, it is SENDING from now, with {@code answerWithin} left to
	 * hear the server's answer.
	 */
	public boolean handOver(long outboxId, int attempt, Duration answerWithin) {
		OffsetDateTime now = now();
		return this.jdbc.update(
				"update alert_email set state = 'SENDING', lease_until = :until where outbox_id = :outbox "
						+ "and attempt = :attempt and state = 'STARTED' and lease_until >= :now",
				new MapSqlParameterSource().addValue("outbox", outboxId)
					.addValue("attempt", attempt)
					.addValue("now", now)
					.addValue("until", now.plus(answerWithin))) == 1;
	}

	/**
	 * The server took the attempt's message: this stands even over a person's finding
	 * that it had not arrived, made while it was still on its way.
	 */
	public void accepted(long outboxId, int attempt, String reply) {
		end(outboxId, attempt, "ACCEPTED", reply);
	}

	/** The server did not take the attempt's message: a later attempt may send it. */
	public void refused(long outboxId, int attempt, String reply) {
		end(outboxId, attempt, "REFUSED", reply);
	}

	/**
	 * The attempt handed its message over and heard no answer: it stays as it is
	 * (SENDING: in doubt), but it is over, so nothing more can come of it.
	 */
	public void lost(long outboxId, int attempt, String reply) {
		this.jdbc.update(
				"update alert_email set lease_until = null, ended_at = coalesce(ended_at, :now), "
						+ "server_reply = case when state = 'SENDING' then :reply else server_reply end "
						+ "where outbox_id = :outbox and attempt = :attempt and state in ('SENDING', 'NOT_ARRIVED')",
				ending(outboxId, attempt, reply));
	}

	/**
	 * A person found that the email did not arrive: the latest attempt no longer stops
	 * the next. A person cannot see a message still on its way, so their word is not
	 * enough while an attempt may still hand it over: one that had not handed it over is
	 * closed (its {@link #handOver} now fails, so the next attempt may go at once); one
	 * that had keeps its lease, and the next attempt waits until that attempt can no
	 * longer hear that the server took it.
	 */
	public void notArrived(long outboxId, String person) {
		this.jdbc.update(
				"update alert_email set state = 'NOT_ARRIVED', ended_at = :now, server_reply = :reply, "
						+ "lease_until = case when state = 'SENDING' then lease_until end "
						+ "where outbox_id = :outbox and state in ('STARTED', 'SENDING')",
				ending(outboxId, 0, "checked by " + person + ": it did not arrive"));
	}

	/** The action's email as it stands. */
	public State state(long outboxId) {
		OffsetDateTime now = now();
		return standing(this.jdbc.query(ROWS, Map.of("outbox", outboxId), Attempt::read), now);
	}

	/** The Message-ID the action's email was taken under, if it was. */
	public Optional<String> messageId(long outboxId) {
		return this.jdbc
			.queryForList("select message_id from alert_email where outbox_id = :outbox and state = 'ACCEPTED'",
					Map.of("outbox", outboxId), String.class)
			.stream()
			.findFirst();
	}

	/** The email's state from its attempts, latest first. */
	private static State standing(List<Attempt> attempts, OffsetDateTime now) {
		if (attempts.stream().anyMatch((a) -> a.state().equals("ACCEPTED"))) {
			return State.ACCEPTED;
		}
		if (attempts.isEmpty()) {
			return State.NONE;
		}
		Attempt latest = attempts.get(0);
		boolean leased = latest.leaseUntil() != null && !latest.leaseUntil().isBefore(now);
		return switch (latest.state()) {
			case "SENDING" -> State.SENDING;
			case "STARTED", "NOT_ARRIVED" -> leased ? State.UNDER_WAY : State.NONE;
			default -> State.NONE;
		};
	}

	/** Ends the attempt's own row, unless the server's answer is recorded already. */
	private void end(long outboxId, int attempt, String state, String reply) {
		this.jdbc.update(
				"update alert_email set state = :state, lease_until = null, ended_at = :now, server_reply = :reply "
						+ "where outbox_id = :outbox and attempt = :attempt "
						+ "and state in ('STARTED', 'SENDING', 'NOT_ARRIVED')",
				ending(outboxId, attempt, reply).addValue("state", state));
	}

	private MapSqlParameterSource ending(long outboxId, int attempt, String reply) {
		return new MapSqlParameterSource().addValue("outbox", outboxId)
			.addValue("attempt", attempt)
			.addValue("now", now())
			.addValue("reply", (reply == null || reply.length() <= 500) ? reply : reply.substring(0, 500));
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private record Attempt(int number, String state, OffsetDateTime leaseUntil) {

		static Attempt read(ResultSet rs, int row) throws SQLException {
			return new Attempt(rs.getInt("attempt"), rs.getString("state"),
					rs.getObject("lease_until", OffsetDateTime.class));
		}

	}

}
