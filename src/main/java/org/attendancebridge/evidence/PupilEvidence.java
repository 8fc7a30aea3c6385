package org.attendancebridge.evidence;

import java.time.Instant;
import java.util.List;

import org.attendancebridge.action.task.TaskStore.TaskRow;
import org.attendancebridge.store.ActionLog.StoredEntry;
import org.attendancebridge.store.ActionLogCheck.ChainReport;
import org.attendancebridge.web.PupilDetail;

/**
 * Everything the adapter holds about one pupil's attendance and what was done about it,
 * gathered for a local-authority referral or a court: the register with every correction
 * the MIS made, the levels entered, every action with each state it went through (the
 * provider's id once delivered), and the check of the school's action log chain that
 * vouches for those entries. Internal ids only: the school adds the child's name.
 *
 * @param gatheredAt when the pack was made (the adapter's clock)
 * @param schoolName the school's name
 * @param policy the school's policy id
 * @param pupil the pupil's figures, stage history, register and actions
 * @param corrections each mark the MIS replaced or removed, oldest first
 * @param log the action log's entries about the pupil's actions, in chain order
 * @param tasks the tasks made for the pupil, open and done, oldest first
 * @param chain the check of the school's whole chain
 */
public record PupilEvidence(Instant gatheredAt, String schoolName, String policy, PupilDetail pupil,
		List<Correction> corrections, List<StoredEntry> log, List<TaskRow> tasks, ChainReport chain) {

	/**
	 * A mark the MIS replaced ({@code newCode} set) or removed ({@code newCode} null).
	 */
	public record Correction(String date, String session, String oldCode, String newCode, String source, String reason,
			Instant changedAt) {
	}

}
