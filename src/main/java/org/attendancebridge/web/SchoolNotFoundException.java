package org.attendancebridge.web;

/**
 * No such school (pupil, action), or none the user may see: both read the same, so a
 * school outside a user's scope is never confirmed to exist, nor are its actions. The
 * message names the id asked for.
 */
public class SchoolNotFoundException extends RuntimeException {

	public SchoolNotFoundException(String school) {
		super("no school '" + school + "'");
	}

	public SchoolNotFoundException(String school, String pupil) {
		super("no pupil '" + pupil + "' in school '" + school + "'");
	}

	private SchoolNotFoundException(long action) {
		super("no action " + action);
	}

	/** No outbox action with this id among the user's schools. */
	public static SchoolNotFoundException action(long id) {
		return new SchoolNotFoundException(id);
	}

}
