package org.attendancebridge.web;

import java.time.LocalDate;

/**
 * A pupil's change of stage on a school day this week.
 *
 * @param from the level before, or null for none
 * @param to the level after, or null for none
 * @param direction {@code up} to a higher level of the ladder, {@code down} to a lower
 * one (or none)
 */
public record StageMovement(LocalDate date, String pupilId, String yearGroup, String from, String to,
		String direction) {
}
