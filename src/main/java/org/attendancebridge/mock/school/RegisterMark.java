package org.attendancebridge.mock.school;

import java.time.Instant;
import java.time.LocalDate;

import org.attendancebridge.model.Session;

/**
 * One version of a pupil's mark for one session. {@code code} is the DfE symbol (or,
 * under the unknown-code fault, a symbol no table knows); each change gets the school's
 * next {@code revision} ({@code previousRevision} is 0 for the first version) and the
 * simulated time it happened as {@code updatedAt}.
 */
public record RegisterMark(long id, int pupilId, LocalDate date, Session session, String code, Integer minutesLate,
		String comment, long revision, long previousRevision, Instant createdAt, Instant updatedAt) {

	RegisterMark next(String code, Integer minutesLate, String comment, long revision, Instant at) {
		return new RegisterMark(this.id, this.pupilId, this.date, this.session, code, minutesLate, comment, revision,
				this.revision, this.createdAt, at);
	}

	/** The key of the session this mark is for. */
	public static long key(int pupilId, LocalDate date, Session session) {
		return ((long) pupilId << 32) | (date.toEpochDay() << 1) | session.ordinal();
	}

	public long key() {
		return key(this.pupilId, this.date, this.session);
	}

}
