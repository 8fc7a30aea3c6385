package org.attendancebridge.mock.school;

import java.time.Instant;
import java.time.LocalDate;

import org.attendancebridge.model.Session;

/**
 * Something that happens to a register at a simulated time: the mark is taken, or later
 * resolved or corrected. A resolution carries the code it expects to replace, so it does
 * nothing when the school (or the adapter) has already changed the mark.
 */
record MarkEvent(Instant at, int pupilId, LocalDate date, Session session, String code, Integer minutesLate,
		String expectedCode, String comment) {

}
