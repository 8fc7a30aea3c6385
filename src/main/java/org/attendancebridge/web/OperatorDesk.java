package org.attendancebridge.web;

import java.util.List;

import org.attendancebridge.action.dispatch.DispatchRails;
import org.attendancebridge.action.dispatch.OutboxOperator;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.OutboxStore.DeliveryRow;
import org.attendancebridge.web.security.SchoolScope;
import org.attendancebridge.web.security.SecurityEvents;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * What an operator sees and does to the outbox of their schools, for the API and the
 * dashboard alike: the actions held for approval (not dry-run ones, which are never
 * sent), the dead letters (FAILED, not rejected), the letters, letters' MIS documents and
 * CPOMS concerns left IN_DOUBT, and approving, rejecting, replaying and resolving one. An
 * action of a school outside the user's scope reads as no action.
 */
@Service
public class OperatorDesk {

	/** Rows listed at most. */
	static final int LIMIT = 500;

	private final ScopedSchools schools;

	private final OutboxStore outbox;

	private final OutboxOperator operator;

	public OperatorDesk(ScopedSchools schools, OutboxStore outbox, OutboxOperator operator) {
		this.schools = schools;
		this.outbox = outbox;
		this.operator = operator;
	}

	/** PROPOSED actions waiting for an operator's approval, newest first. */
	public List<DeliveryRow> approvals(Authentication user, String school) {
		return list(user, school, "PROPOSED", DispatchRails.APPROVAL);
	}

	/** FAILED actions an operator may replay (rejected ones are final), newest first. */
	public List<DeliveryRow> deadLetters(Authentication user, String school) {
		return list(user, school, "FAILED", null);
	}

	/**
	 * Letters, their MIS documents and CPOMS concerns IN_DOUBT, for a person to check,
	 * newest first.
	 */
	public List<DeliveryRow> inDoubt(Authentication user, String school) {
		if (school != null) {
			this.schools.require(user, school);
		}
		return this.outbox.deliveries(new OutboxStore.ActionFilter(SchoolScope.of(user).schoolsOrNullForAll(), school,
				null, "IN_DOUBT", OutboxOperator.RESOLVED_BY_HAND), null, LIMIT);
	}

	/** What a person found when they checked an action in doubt. */
	public enum Outcome {

		/** It arrived: the action is SENT. */
		SENT("sent"),
		/** It did not: the action is sent again. */
		NOT_SENT("not-sent");

		private final String id;

		Outcome(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		/** The outcome named {@code sent} or {@code not-sent}. */
		public static Outcome of(String id) {
			for (Outcome outcome : values()) {
				if (outcome.id.equals(id)) {
					return outcome;
				}
			}
			throw new IllegalArgumentException(
					"outcome: '" + id + "' is not an outcome (say \"sent\" or \"not-sent\")");
		}

	}

	public DeliveryRow resolve(Authentication user, long id, Outcome outcome) {
		require(user, id);
		return move(id, () -> this.operator.resolve(id, user.getName(), outcome == Outcome.SENT));
	}

	public DeliveryRow approve(Authentication user, long id) {
		require(user, id);
		return move(id, () -> this.operator.approve(id, user.getName()));
	}

	public DeliveryRow reject(Authentication user, long id, String reason) {
		require(user, id);
		return move(id, () -> this.operator.reject(id, user.getName(), reason));
	}

	public DeliveryRow replay(Authentication user, long id) {
		require(user, id);
		return move(id, () -> this.operator.replay(id, user.getName()));
	}

	private List<DeliveryRow> list(Authentication user, String school, String state, String heldFor) {
		if (school != null) {
			this.schools.require(user, school);
		}
		return this.outbox.deliveries(
				new OutboxStore.ActionFilter(SchoolScope.of(user).schoolsOrNullForAll(), school, null, state), heldFor,
				LIMIT);
	}

	private void require(Authentication user, long id) {
		String school = this.outbox.schoolOf(id).orElseThrow(() -> noAction(id));
		SchoolScope scope = SchoolScope.of(user);
		if (!scope.allows(school)) {
			SecurityEvents.outOfScope(scope, school);
			throw noAction(id);
		}
	}

	private static NotFoundException noAction(long id) {
		return new NotFoundException("no action " + id);
	}

	private DeliveryRow move(long id, Runnable move) {
		try {
			move.run();
		}
		catch (IllegalStateException ex) {
			throw new ConflictException(ex.getMessage());
		}
		return this.outbox.delivery(id).orElseThrow(() -> noAction(id));
	}

}
