package org.attendancebridge.evaluator;

/**
 * A compiled condition. {@link #test} runs for every pupil on every school day, so it
 * reads the pupil's running figures and never allocates; {@link #explain} runs only when
 * a rule fires and says which figures made it true.
 */
abstract class Check {

	abstract boolean test(PupilTrack track);

	abstract void explain(PupilTrack track, StringBuilder out);

}
