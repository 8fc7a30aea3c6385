package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.List;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.policy.ActionKind;

/**
 * An action that a fired rule makes due. {@code due} is the school day it must be done by
 * (tasks), {@code markDate} the register day an amendment rewrites, {@code amendTo} the
 * code it writes.
 */
public record DueAction(String rule, ActionKind kind, String recipient, String template, List<String> copyTo,
		LocalDate due, LocalDate markDate, DfeCode amendTo) {

	public DueAction {
		copyTo = List.copyOf(copyTo);
	}

}
