package org.attendancebridge.evaluator;

/**
 * A compiled condition. {@link #test} runs for every pupil on every school day, so it
 * reads the pupil's running figures and never allocates; {@link #explain} runs only when
 * a rule fires and says which figures made it true.
 */
abstract class Check {

	abstract boolean test(PupilTrack track);

	/**
	 * {@code check.test(track)}, with the common kinds tested by class first: a call site
	 * that sees every kind of check cannot inline any of them, while an exact class test
	 * lets the compiler inline the small bodies into the replay loop.
	 */
	static boolean test(Check check, PupilTrack track) {
		Class<?> kind = check.getClass();
		if (kind == Checks.YearAttendance.class) {
			return ((Checks.YearAttendance) check).test(track);
		}
		if (kind == Checks.Count.class) {
			return ((Checks.Count) check).test(track);
		}
		if (kind == Checks.Consecutive.class) {
			return ((Checks.Consecutive) check).test(track);
		}
		if (kind == Checks.FirstDay.class) {
			return ((Checks.FirstDay) check).test(track);
		}
		if (kind == Checks.Return.class) {
			return ((Checks.Return) check).test(track);
		}
		if (kind == Checks.Cohort.class) {
			return ((Checks.Cohort) check).test(track);
		}
		if (kind == Checks.Entered.class) {
			return ((Checks.Entered) check).test(track);
		}
		if (kind == Checks.All.class) {
			return ((Checks.All) check).test(track);
		}
		if (kind == Checks.NoImprovement.class) {
			return ((Checks.NoImprovement) check).test(track);
		}
		if (kind == Checks.Unresolved.class) {
			return ((Checks.Unresolved) check).test(track);
		}
		if (kind == Checks.Always.class) {
			return true;
		}
		return check.test(track);
	}

	abstract void explain(PupilTrack track, StringBuilder out);

}
