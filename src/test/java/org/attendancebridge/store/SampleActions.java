package org.attendancebridge.store;

import java.time.LocalDate;
import java.util.List;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.PlannedAction.PupilFigures;
import org.attendancebridge.policy.ActionKind;

/** Planned actions as the policies make them, for store and channel tests. */
public final class SampleActions {

	public static final LocalDate DAY = LocalDate.of(2024, 11, 11);

	private SampleActions() {
	}

	public static PlannedAction of(String school, String pupil, String rule, ActionKind kind, String template) {
		return of(school, pupil, rule, kind, template, new PupilFigures(88.46, 130, 115, 9, 6, 48.75, "AC5"));
	}

	/** A task for a role, due on a day, with copies to other roles. */
	public static PlannedAction task(String school, String pupil, String rule, String role, String template,
			LocalDate due, List<String> copyTo) {
		return new PlannedAction(PlannedAction.dedupeKey(school, pupil, rule, DAY, ActionKind.TASK, role, template),
				school, pupil, "st-johns-way", 1, rule, true, DAY, ActionKind.TASK, role, template, copyTo, due, null,
				null, "attendance 88.5% (115 of 130 sessions) is below 90%",
				new PupilFigures(88.46, 130, 115, 9, 6, 48.75, "AC5"));
	}

	public static PlannedAction of(String school, String pupil, String rule, ActionKind kind, String template,
			PupilFigures figures) {
		String recipient = (kind == ActionKind.CPOMS_CONCERN) ? "dsl" : "parent";
		return new PlannedAction(PlannedAction.dedupeKey(school, pupil, rule, DAY, kind, recipient, template), school,
				pupil, "st-johns-way", 1, rule, true, DAY, kind, recipient, template, List.of("head-of-year"), null,
				null, null, "attendance 88.5% (115 of 130 sessions) is below 90%", figures);
	}

}
