package org.attendancebridge.web;

/**
 * A request the record's state no longer allows, such as completing a task already
 * completed (409): the message says what happened to it and when, so the person asking
 * knows why nothing changed.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
