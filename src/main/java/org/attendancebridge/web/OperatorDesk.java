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
 * sent), the dead letters (FAILED, not rejected), and approving, rejecting and replaying
 * one. An action of a school outside the user's scope reads as no action.
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
