package org.attendancebridge.action.email;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What became of each alert's email (table {@code alert_email}), written around the SMTP
 * conversation, each step committed on its own: SMTP cannot be asked afterwards whether a
 * message arrived, so this record is what a retry, a restart or the reconciliation of an
 * action in doubt goes by. No address and no text is kept.
 */
@Repository
public class AlertEmailStore {

	/** The email's state: before, or instead of, a send. */
	public enum State {

		/** Nothing was handed to the server, or it refused it: safe to send. */
		NONE,
		/** The server took it. */
		ACCEPTED,
		/** A send started and nobody knows whether the server took it. */
		SENDING

	}

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	public AlertEmailStore(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Marks the email SENDING before the SMTP conversation, unless an earlier one was
	 * taken or may have been.
	 * @return {@link State#NONE} when this send may go ahead, else what stops it
	 */
	public State begin(long outboxId, String messageId, int recipients) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("outbox", outboxId)
			.addValue("message", messageId)
			.addValue("recipients", recipients)
			.addValue("now", now());
		if (this.jdbc.update("insert into alert_email (outbox_id, message_id, recipients, state, attempts, started_at) "
				+ "select :outbox, :message, :recipients, 'SENDING', 1, :now where not exists "
				+ "(select 1 from alert_email where outbox_id = :outbox)", p) == 1) {
			return State.NONE;
		}
		if (this.jdbc.update("update alert_email set state = 'SENDING', message_id = :message, "
				+ "recipients = :recipients, attempts = attempts + 1, started_at = :now, ended_at = null, "
				+ "server_reply = null where outbox_id = :outbox and state = 'REFUSED'", p) == 1) {
			return State.NONE;
		}
		return state(outboxId);
	}

	/** The server took the message. */
	public void accepted(long outboxId, String reply) {
		end(outboxId, "ACCEPTED", reply);
	}

	/** The server did not take the message: a later attempt may send it. */
	public void refused(long outboxId, String reply) {
		end(outboxId, "REFUSED", reply);
	}

	/**
	 * A person found that an email that may have been taken did not arrive: the record no
	 * longer stops the next attempt.
	 */
	public void notArrived(long outboxId, String person) {
		end(outboxId, "REFUSED", "checked by " + person + ": it did not arrive");
	}

	public State state(long outboxId) {
		return this.jdbc
			.queryForList("select state from alert_email where outbox_id = :outbox", Map.of("outbox", outboxId),
					String.class)
			.stream()
			.findFirst()
			.map((state) -> switch (state) {
				case "ACCEPTED" -> State.ACCEPTED;
				case "SENDING" -> State.SENDING;
				default -> State.NONE;
			})
			.orElse(State.NONE);
	}

	/** The Message-ID the action's email was sent under, if it was. */
	public Optional<String> messageId(long outboxId) {
		return this.jdbc
			.queryForList("select message_id from alert_email where outbox_id = :outbox and state = 'ACCEPTED'",
					Map.of("outbox", outboxId), String.class)
			.stream()
			.findFirst();
	}

	private void end(long outboxId, String state, String reply) {
		this.jdbc.update(
				"update alert_email set state = :state, ended_at = :now, server_reply = :reply "
						+ "where outbox_id = :outbox and state = 'SENDING'",
				new MapSqlParameterSource().addValue("outbox", outboxId)
					.addValue("state", state)
					.addValue("now", now())
					.addValue("reply", (reply == null || reply.length() <= 500) ? reply : reply.substring(0, 500)));
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

}
