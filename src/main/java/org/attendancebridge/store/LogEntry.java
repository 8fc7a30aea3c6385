package org.attendancebridge.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One entry of the action log, as it is hashed: who, what, when and why.
 *
 * @param chain the chain it belongs to: the school's id
 * @param outboxId the action it is about
 * @param at when it happened
 * @param state the state the action entered
 * @param actor who did it: {@link ActionLog#SYSTEM_ACTOR} or a member of staff's login
 * @param rule the rule that fired the action
 * @param policy the policy's id
 * @param policyVersion the policy's version when the rule fired
 * @param kind the action's kind, its channel ({@code sms}, {@code letter}, ...)
 * @param providerId the provider's id for what was sent, once known
 * @param detail what happened: never a name, phone number or UPN
 */
public record LogEntry(String chain, long outboxId, Instant at, String state, String actor, String rule, String policy,
		Integer policyVersion, String kind, String providerId, String detail) {

	static final int DETAIL_LENGTH = 2000;

	/**
	 * The entry as the database keeps it: time to the microsecond (PostgreSQL's and H2's
	 * precision) and the detail cut to its column, so the hash computed now is the hash
	 * recomputed from the stored row.
	 */
	LogEntry normalised() {
		String text = (this.detail == null || this.detail.length() <= DETAIL_LENGTH) ? this.detail
				: this.detail.substring(0, DETAIL_LENGTH - 3) + "...";
		return new LogEntry(this.chain, this.outboxId, this.at.truncatedTo(ChronoUnit.MICROS), this.state, this.actor,
				this.rule, this.policy, this.policyVersion, this.kind, this.providerId, text);
	}

}
