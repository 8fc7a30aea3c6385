package org.attendancebridge.policy;

import java.time.LocalTime;
import java.time.MonthDay;

/**
 * Settings of a policy that are not rules.
 *
 * @param minimumPossibleSessions attendance bands stay quiet until the pupil has had this
 * many possible sessions in the year: one session in week one is already 10%
 * @param hoursPerSession length of a session, for hours of learning lost
 * @param coolOffSchoolDays default school days out of a level before re-entering it fires
 * again
 * @param amRegister when the morning register is taken: its marks are known from then
 * @param pmRegister when the afternoon register is taken
 * @param yearStart the day the academic year (and year-to-date figures) starts
 */
public record PolicySettings(int minimumPossibleSessions, double hoursPerSession, int coolOffSchoolDays,
		LocalTime amRegister, LocalTime pmRegister, MonthDay yearStart) {

	public static final PolicySettings DEFAULTS = new PolicySettings(20, 3.25, 20, LocalTime.of(8, 50),
			LocalTime.of(13, 20), MonthDay.of(8, 1));

}
