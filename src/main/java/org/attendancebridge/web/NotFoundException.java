package org.attendancebridge.web;

/**
 * Something asked for that does not exist, or that the user may not see: both read the
 * same (404), so a record outside a user's scope is never confirmed to exist. The message
 * names what was asked for.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
