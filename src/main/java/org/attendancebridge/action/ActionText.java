package org.attendancebridge.action;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.attendancebridge.policy.TemplateCatalog;

/**
 * The text of a record an action leaves in another system (a CPOMS incident, an MIS note,
 * an amended mark's comment): the template filled with the pupil's figures, the rule's
 * explanation, and where it came from. Evidence, so factual and dated; never a name.
 */
public final class ActionText {

	private ActionText() {
	}

	/**
	 * The filled template, then why and by which rule. A template naming a value this
	 * record does not carry falls back to {@code fallback}: the explanation that follows
	 * still gives the figures.
	 */
	public static String of(TemplateCatalog templates, PlannedAction planned, String fallback) {
		return fill(templates, planned, fallback) + "\n\nWhy: " + planned.explanation()
				+ "\nRaised by attendance-bridge: policy " + planned.policy() + " version " + planned.policyVersion()
				+ ", rule " + planned.rule() + ", decided on " + planned.decidedOn() + ".";
	}

	/** The filled template alone (or the filled fallback), for short records. */
	public static String fill(TemplateCatalog templates, PlannedAction planned, String fallback) {
		String template = templates.get(planned.template()).map((found) -> found.text().get("en")).orElse(fallback);
		try {
			return Placeholders.fill(planned.template(), template, values(planned));
		}
		catch (IllegalArgumentException ex) {
			return Placeholders.fill(planned.template(), fallback, values(planned));
		}
	}

	private static Map<String, String> values(PlannedAction planned) {
		PlannedAction.PupilFigures figures = planned.figures();
		Map<String, String> values = new HashMap<>();
		values.put("attendance_pct", String.format(Locale.UK, "%.1f%%", figures.attendancePct()));
		values.put("sessions_missed", Integer.toString(figures.possibleSessions() - figures.attendedSessions()));
		values.put("stage", (figures.stage() == null) ? "none" : figures.stage());
		values.put("hours_lost", String.format(Locale.UK, "%.1f", figures.hoursLost()));
		values.put("unauthorised_sessions", Integer.toString(figures.unauthorisedSessions()));
		values.put("date", planned.decidedOn().toString());
		if (planned.amendTo() != null) {
			values.put("amend_to", planned.amendTo());
		}
		if (planned.markDate() != null) {
			values.put("mark_date", planned.markDate().toString());
		}
		return values;
	}

}
