package org.attendancebridge.web;

/**
 * A pupil of their year group's "Red 10", the lowest attenders of the year group.
 *
 * @param rank 1 for the lowest attendance of the year group
 * @param attendancePct year to date, unrounded
 * @param stage the level in force, or null
 */
public record Red10Entry(String yearGroup, int rank, String pupilId, String registrationGroup, double attendancePct,
		int possibleSessions, String stage, String rag) {
}
