package org.attendancebridge.action.sms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.store.ActionLog;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records Notify's delivery receipts in the action log: a text the gateway accepted is
 * SENT, and the receipt says whether it reached the phone. Notify may repeat a receipt
 * and send them out of order, so each final status is recorded once per text, and a
 * receipt is matched by both our reference and the gateway's notification id. A text that
 * could not be delivered is also noted on the action for the attendance officer.
 */
@Service
public class DeliveryReceipts {

	/** What became of a receipt. */
	public enum Outcome {

		/** Appended to the action log. */
		RECORDED,
		/** This status was already recorded for the text. */
		REPEATED,
		/** Not a final status: nothing to record. */
		NOT_FINAL,
		/**
		 * A text of ours whose send is not settled: the gateway's answer (its id) is not
		 * stored yet, or was lost and the text waits to be looked up. To be posted again.
		 */
		NOT_SETTLED,
		/** No text of ours has this reference and notification id. */
		UNKNOWN

	}

	private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

	private static final Set<String> FINAL = Set.of("delivered", "permanent-failure", "temporary-failure",
			"technical-failure");

	/** The actor of receipt entries in the action log. */
	static final String ACTOR = "notify";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ActionLog actionLog;

	private final Clock clock;

	public DeliveryReceipts(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, ActionLog actionLog,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.actionLog = actionLog;
		this.clock = clock;
	}

	/**
	 * Records one receipt.
	 * @param notificationId the gateway's id for the text
	 * @param reference our reference ({@code ab-<outbox id>})
	 * @param status the gateway's status, e.g. {@code delivered}
	 * @param completedAt when the gateway says it ended, as it sent it (may be null)
	 */
	public Outcome record(String notificationId, String reference, String status, String completedAt) {
		Long id = outboxId(reference);
		// The log's states are short words; the gateway's own status goes in the detail.
		String state = "delivered".equals(status) ? "DELIVERED" : "UNDELIVERED";
		if (!FINAL.contains(status)) {
			return Outcome.NOT_FINAL;
		}
		Outcome outcome = (id == null) ? Outcome.UNKNOWN : this.transactions.execute((tx) -> {
			// The row's lock makes a repeated receipt arriving at once wait for the
			// first.
			List<String> provider = this.jdbc.queryForList(
					"select provider_id from outbox where id = :id and kind = 'sms' for update", Map.of("id", id),
					String.class);
			if (provider.isEmpty()) {
				return Outcome.UNKNOWN;
			}
			if (provider.get(0) == null) {
				return Outcome.NOT_SETTLED;
			}
			if (!notificationId.equals(provider.get(0))) {
				return Outcome.UNKNOWN;
			}
			Integer seen = this.jdbc.queryForObject(
					"select count(*) from action_log where outbox_id = :id and actor = :actor and state = :state",
					Map.of("id", id, "actor", ACTOR, "state", state), Integer.class);
			if (seen != null && seen > 0) {
				return Outcome.REPEATED;
			}
			OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
			this.actionLog.append(id, ACTOR, state, "delivery receipt from the gateway: " + status
					+ ((completedAt == null) ? "" : " at " + completedAt), now);
			if (!"delivered".equals(status)) {
				this.jdbc.update("update outbox set last_error = :error, updated_at = :now where id = :id",
						Map.of("id", id, "error", "the text was not delivered: " + status, "now", now));
			}
			return Outcome.RECORDED;
		});
		if (outcome == Outcome.UNKNOWN) {
			log.warn("Delivery receipt for no text of ours: reference {}, notification {}", reference, notificationId);
		}
		else if (outcome == Outcome.RECORDED && !"delivered".equals(status)) {
			log.warn("Text {} was not delivered: {}", reference, status);
		}
		return outcome;
	}

	private static Long outboxId(String reference) {
		if (reference == null || !reference.matches("ab-[0-9]{1,18}")) {
			return null;
		}
		return Long.valueOf(reference.substring(3));
	}

}
