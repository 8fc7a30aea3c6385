package org.attendancebridge.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.attendancebridge.store.OutboxStore.ActionRow;

/**
 * One pupil as the dashboard's pupil page shows them: figures, stage, the levels they
 * entered this year, the register and every action. Internal ids only: no name or UPN.
 *
 * @param cohorts SEND, PUPIL_PREMIUM, VULNERABLE, EAL
 * @param stageHistory each level entered this school year, oldest first (a step down to
 * no level is not an entry)
 */
public record PupilDetail(String pupilId, String school, String yearGroup, String registrationGroup,
		Set<String> cohorts, String stage, LocalDate stageSince, double attendancePct, int possibleSessions,
		int attendedSessions, int authorisedSessions, int unauthorisedSessions, double hoursLost,
		int consecutiveDaysAbsent, String rag, boolean red10, Set<String> flags, List<StageEntry> stageHistory,
		List<MarkView> marks, List<ActionRow> actions) {

	/** A level entered on a school day, with the figures that made it true. */
	public record StageEntry(LocalDate date, String stage, String explanation) {
	}

	/** One session's mark: its DfE code and the code's category. */
	public record MarkView(LocalDate date, String session, String code, String category) {
	}

}
