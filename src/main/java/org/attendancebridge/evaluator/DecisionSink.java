package org.attendancebridge.evaluator;

import java.time.LocalDate;

/** Receives decisions as the replay makes them. */
@FunctionalInterface
public interface DecisionSink {

	DecisionSink IGNORE = (decision) -> {
	};

	void accept(Decision decision);

	/**
	 * Whether decisions made on a day are wanted. A replay that only acts on today says
	 * no to the rest of the year, and is spared building their explanations; the state
	 * they leave behind (stages, cool-offs) is kept either way.
	 */
	default boolean wants(LocalDate day) {
		return true;
	}

}
