package org.attendancebridge.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The channels an action can go out through (design.md, "Actions and channels"). A policy
 * names the kinds it plans; {@code mis-document} is never planned by a policy: it follows
 * a letter, attaching the rendered PDF to the pupil in the MIS.
 */
public enum ActionKind {

	MIS_NOTE("mis-note"), MARK_AMEND("mark-amend"), STAFF_ALERT("staff-alert"), SMS("sms"), LETTER("letter"),
	TASK("task"), CPOMS_CONCERN("cpoms-concern"), LA_REFERRAL("la-referral"), MIS_DOCUMENT("mis-document", false);

	private final String id;

	private final boolean planned;

	ActionKind(String id) {
		this(id, true);
	}

	ActionKind(String id, boolean planned) {
		this.id = id;
		this.planned = planned;
	}

	public String id() {
		return this.id;
	}

	/** Whether a policy (or a template) may name this kind. */
	public boolean planned() {
		return this.planned;
	}

	public static Optional<ActionKind> of(String id) {
		return Arrays.stream(values()).filter((kind) -> kind.id.equals(id)).findFirst();
	}

	/** A kind a policy or template may name. */
	public static Optional<ActionKind> planned(String id) {
		return of(id).filter(ActionKind::planned);
	}

}
