package org.attendancebridge.connector;

/**
 * The MIS's own API answered, in its own format, but a field every answer relies on has
 * the wrong type. Unlike a maintenance page in front of the API, the request reached the
 * MIS: a write answered so may have been kept.
 */
public class MisAnswerUnreadable extends MisHttpException {

	public MisAnswerUnreadable(String message, int status) {
		super(message, status, null);
	}

}
