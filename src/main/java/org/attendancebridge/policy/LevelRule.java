package org.attendancebridge.policy;

import java.util.List;

/**
 * A rung of the ladder. The pupil's stage is the highest level in force. A level fires
 * its actions once when the pupil moves up into it (or, with {@code fireOnImprovement},
 * when they reach it from either side), and again only after {@code coolOffSchoolDays}
 * out of it. {@code monitor} is the review period that a {@link Condition.NoImprovement}
 * level above waits for; it starts on entry, or with {@code monitorStart} when the
 * level's task is completed.
 */
public record LevelRule(String id, String title, Condition when, Period monitor, MonitorStart monitorStart,
		int coolOffSchoolDays, boolean fireOnImprovement, List<ActionSpec> actions, int line) {

	public LevelRule {
		actions = List.copyOf(actions);
	}

}
