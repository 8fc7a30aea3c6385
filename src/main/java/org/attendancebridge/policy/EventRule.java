package org.attendancebridge.policy;

import java.time.LocalTime;
import java.util.List;

/**
 * A rule that fires when its condition becomes true, without being a standing level:
 * first day of absence, consecutive days, N to O, rolling counts, cohorts. {@code due} is
 * the time of day by which its actions must go out; before it, today's firing is not yet
 * due. After firing it stays quiet for {@code coolOffSchoolDays}.
 */
public record EventRule(String id, String title, Condition when, LocalTime due, int coolOffSchoolDays,
		List<ActionSpec> actions, int line) {

	public EventRule {
		actions = List.copyOf(actions);
	}

}
