package org.attendancebridge.web;

import java.util.Set;

/**
 * A pupil's standing now, replayed from the stored register through the school's policy.
 *
 * @param stage the highest level in force, or null
 * @param attendancePct year to date, unrounded
 * @param rag seed 003's rating, null until the policy's minimum of sessions
 * @param flags PA, SA, AT_RISK_PA, DISENGAGEMENT_RISK
 */
public record PupilStanding(String pupilId, String yearGroup, String registrationGroup, String stage,
		double attendancePct, int possibleSessions, String rag, boolean red10, Set<String> flags) {
}
