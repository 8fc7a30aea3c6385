package org.attendancebridge.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One register entry: a pupil's code for one session of one day, with where it came from
 * so that a later correction can replace it and keep the history.
 */
public record Mark(String pupilId, LocalDate date, Session session, DfeCode code, Integer minutesLate,
		String sourceSystem, String sourceMarkId, Instant sourceLastModified) {

	public static Mark of(String pupilId, LocalDate date, Session session, DfeCode code) {
		return new Mark(pupilId, date, session, code, null, null, null, null);
	}

}
