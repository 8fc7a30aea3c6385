package org.attendancebridge.policy;

/**
 * When a level's monitoring period starts, if not on the day the pupil entered the level:
 * on the day the level's task (a meeting, a visit: the action whose template is
 * {@code task}) is completed, since the seeds review what was agreed there. The review
 * waits for it, but at most {@code waitSchoolDays} after entry: then the period starts
 * anyway, so a meeting that never happens (or is never recorded) cannot hold a pupil's
 * case still while their attendance keeps falling.
 */
public record MonitorStart(String task, int waitSchoolDays) {

	/** The spelling of this start in a policy file: {@code from: task-completed}. */
	public static final String TASK_COMPLETED = "task-completed";

	/** The default start, the day the level was entered: {@code from: entry}. */
	public static final String ENTRY = "entry";

}
