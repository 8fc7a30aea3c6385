package org.attendancebridge.web;

/**
 * An operator's move an action is not in the state for (approving one already approved,
 * replaying one that was not a dead letter): a 409 naming the state it is in.
 */
public class ActionConflictException extends RuntimeException {

	public ActionConflictException(String message, Throwable cause) {
		super(message, cause);
	}

}
