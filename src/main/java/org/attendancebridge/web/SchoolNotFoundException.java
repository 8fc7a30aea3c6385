package org.attendancebridge.web;

/**
 * No such school, or none the user may see: both read the same, so a school outside a
 * user's scope is never confirmed to exist. The message names the id asked for.
 */
public class SchoolNotFoundException extends NotFoundException {

	public SchoolNotFoundException(String school) {
		super("no school '" + school + "'");
	}

	public SchoolNotFoundException(String school, String pupil) {
		super("no pupil '" + pupil + "' in school '" + school + "'");
	}

}
