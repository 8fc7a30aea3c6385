package org.attendancebridge.evidence;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.attendancebridge.store.ActionLogCheck.ChainReport;
import org.attendancebridge.web.PupilDetail;

/** What both forms of a pack say in words: the pupil's figures and the chain's check. */
final class EvidenceFigures {

	private EvidenceFigures() {
	}

	/** The figures, by name, as the pack prints them. */
	static Map<String, String> of(PupilDetail pupil) {
		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("attendance_pct", String.format(Locale.UK, "%.1f", pupil.attendancePct()));
		figures.put("possible_sessions", Integer.toString(pupil.possibleSessions()));
		figures.put("attended_sessions", Integer.toString(pupil.attendedSessions()));
		figures.put("authorised_absence_sessions", Integer.toString(pupil.authorisedSessions()));
		figures.put("unauthorised_absence_sessions", Integer.toString(pupil.unauthorisedSessions()));
		figures.put("hours_lost", String.format(Locale.UK, "%.1f", pupil.hoursLost()));
		figures.put("consecutive_days_absent", Integer.toString(pupil.consecutiveDaysAbsent()));
		figures.put("stage", (pupil.stage() == null) ? "none" : pupil.stage());
		figures.put("stage_since", (pupil.stageSince() == null) ? "" : pupil.stageSince().toString());
		figures.put("rag", (pupil.rag() == null) ? "" : pupil.rag());
		figures.put("flags", String.join(" ", pupil.flags()));
		figures.put("cohorts", String.join(" ", pupil.cohorts()));
		return figures;
	}

	/** The chain's check in a sentence. */
	static String chainText(ChainReport chain) {
		if (chain.ok()) {
			return "the school's action log chain " + chain.chain() + " is intact: " + chain.entries()
					+ " entries, every hash recomputed and matching";
		}
		return "the school's action log chain " + chain.chain() + " is BROKEN at seq " + chain.problem().seq()
				+ ((chain.problem().outboxId() == null) ? "" : " (action " + chain.problem().outboxId() + ")") + ": "
				+ chain.problem().what();
	}

}
