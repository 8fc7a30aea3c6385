package org.attendancebridge.evaluator;

/** Receives decisions as the replay makes them. */
@FunctionalInterface
public interface DecisionSink {

	DecisionSink IGNORE = (decision) -> {
	};

	void accept(Decision decision);

}
