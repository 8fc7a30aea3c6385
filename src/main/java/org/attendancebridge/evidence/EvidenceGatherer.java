package org.attendancebridge.evidence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.attendancebridge.action.task.TaskStore;
import org.attendancebridge.store.ActionLog;
import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.MarkStore;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.SchoolReads;

import org.springframework.stereotype.Service;

/**
 * Gathers a pupil's evidence pack from the store: the pupil as the API shows them, the
 * corrections to their register, the action log's entries about them, their tasks and a
 * fresh check of the school's chain (a pack vouches for its entries only if the chain is
 * intact, and says so either way).
 */
@Service
public class EvidenceGatherer {

	private final SchoolReads reads;

	private final MarkStore marks;

	private final ActionLog actionLog;

	private final ActionLogCheck chains;

	private final TaskStore tasks;

	private final Clock clock;

	public EvidenceGatherer(SchoolReads reads, MarkStore marks, ActionLog actionLog, TaskStore tasks,
			DataSource dataSource, Clock clock) {
		this.reads = reads;
		this.tasks = tasks;
		this.marks = marks;
		this.actionLog = actionLog;
		this.chains = new ActionLogCheck(dataSource);
		this.clock = clock;
	}

	/** The pupil's pack, or empty if the school has no such pupil with marks. */
	public Optional<PupilEvidence> gather(SchoolRow school, String pupilId) {
		return this.reads.pupil(school, pupilId)
			.map((pupil) -> new PupilEvidence(this.clock.instant(), school.name(), school.policy(), pupil,
					this.marks.history(school.id(), pupilId).stream().map(EvidenceGatherer::correction).toList(),
					this.actionLog.entriesAbout(school.id(), pupilId), this.tasks.forPupil(school.id(), pupilId),
					this.chains.check(school.id())));
	}

	private static PupilEvidence.Correction correction(Map<String, Object> row) {
		// Drivers differ in the types they return here: PostgreSQL's Timestamp, H2's
		// OffsetDateTime.
		Object changed = row.get("changed_at");
		Instant at = (changed instanceof OffsetDateTime time) ? time.toInstant()
				: (changed instanceof Timestamp stamp) ? stamp.toInstant() : null;
		return new PupilEvidence.Correction(String.valueOf(row.get("mark_date")), (String) row.get("session"),
				(String) row.get("old_code"), (String) row.get("new_code"), (String) row.get("source_system"),
				(String) row.get("reason"), at);
	}

}
