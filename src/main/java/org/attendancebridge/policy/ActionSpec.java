package org.attendancebridge.policy;

import java.util.List;

import org.attendancebridge.model.DfeCode;

/**
 * One action a rule takes when it fires: what, to whom, with which template. Optional
 * parts: copies to further roles, a guard ({@code onlyIf}), a due time in school days
 * (for tasks) and the code an amendment writes.
 */
public record ActionSpec(ActionKind kind, String recipient, String template, List<String> copyTo, Condition onlyIf,
		Integer dueInSchoolDays, DfeCode amendTo, int line) {

	public ActionSpec {
		copyTo = List.copyOf(copyTo);
	}

}
