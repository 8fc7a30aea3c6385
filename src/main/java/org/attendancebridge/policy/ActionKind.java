package org.attendancebridge.policy;

import java.util.Arrays;
import java.util.Optional;

/** The channels an action can go out through (design.md, "Actions and channels"). */
public enum ActionKind {

	MIS_NOTE("mis-note"), MARK_AMEND("mark-amend"), STAFF_ALERT("staff-alert"), SMS("sms"), LETTER("letter"),
	TASK("task"), CPOMS_CONCERN("cpoms-concern"), LA_REFERRAL("la-referral");

	private final String id;

	ActionKind(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public static Optional<ActionKind> of(String id) {
		return Arrays.stream(values()).filter((kind) -> kind.id.equals(id)).findFirst();
	}

}
