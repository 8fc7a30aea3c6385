package org.attendancebridge.web;

/**
 * A request the user's own rights do not allow, decided by what it asks for rather than
 * by its path (403): the message names what they may not do, so they know what to ask for
 * instead.
 */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String message) {
		super(message);
	}

}
