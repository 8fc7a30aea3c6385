package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.List;

/**
 * A rule that fired for a pupil on a school day, with the figures that made it true and
 * the actions it makes due. {@code level} tells a stage change from an event.
 */
public record Decision(String pupilId, LocalDate date, String rule, boolean level, String explanation,
		List<DueAction> actions) {

	public Decision {
		actions = List.copyOf(actions);
	}

}
