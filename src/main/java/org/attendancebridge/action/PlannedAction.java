package org.attendancebridge.action;

import java.time.LocalDate;
import java.util.List;

import org.attendancebridge.policy.ActionKind;

/**
 * An action a policy made due for a pupil, ready for the outbox: what, to whom, with
 * which template, why (the decision's explanation and the pupil's figures, for letters),
 * and the dedupe key that makes sure it is sent once however often the register is
 * replayed.
 *
 * @param dedupeKey {@code school|pupil|rule|episode|kind|recipient|template}, where the
 * episode is the school day the rule fired
 */
public record PlannedAction(String dedupeKey, String school, String pupilId, String policy, int policyVersion,
		String rule, boolean stageChange, LocalDate decidedOn, ActionKind kind, String recipient, String template,
		List<String> copyTo, LocalDate due, LocalDate markDate, String amendTo, String explanation,
		PupilFigures figures) {

	public PlannedAction {
		copyTo = List.copyOf(copyTo);
	}

	/** The pupil's figures when the rule fired: what a letter quotes. */
	public record PupilFigures(double attendancePct, int possibleSessions, int attendedSessions, int authorisedSessions,
			int unauthorisedSessions, double hoursLost, String stage) {
	}

	public static String dedupeKey(String school, String pupilId, String rule, LocalDate episode, ActionKind kind,
			String recipient, String template) {
		return String.join("|", school, pupilId, rule, episode.toString(), kind.id(), recipient, template);
	}

}
