package org.attendancebridge.action.dispatch;

/**
 * Thrown by {@link Channel#find} when the provider cannot be asked whether an earlier
 * attempt arrived (SMTP has no such question): the action stays IN_DOUBT, with this
 * message as its last error, for a person to settle; it is never sent again meanwhile.
 */
public class LeftForAPerson extends RuntimeException {

	public LeftForAPerson(String message) {
		super(message);
	}

}
