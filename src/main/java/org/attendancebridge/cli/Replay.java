package org.attendancebridge.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;

import org.attendancebridge.evaluator.SchoolReplay;

/** Replays the pupils of a CLI input up to a moment on the school's clock. */
final class Replay {

	/** Schools in England keep their registers on London time. */
	static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

	private Replay() {
	}

	static SchoolReplay until(SchoolInput input, LocalDate date, LocalTime time, LocalDate keepFrom) {
		Clock clock = Clock.fixed(date.atTime(time).atZone(SCHOOL_ZONE).toInstant(), SCHOOL_ZONE);
		return SchoolReplay.run(input.policy(), input.calendar(), input.pupils(), Arrays.asList(input.registers()),
				input.tasks(), clock, keepFrom);
	}

}
