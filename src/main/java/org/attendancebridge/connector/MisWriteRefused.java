package org.attendancebridge.connector;

/**
 * The MIS will not take a write: it answered with an error about the request (a 4xx, a
 * 422, Arbor's error inside a 200), or it has no way to take it at all. Sending it again
 * would change nothing. The message names the school and the reason, never pupil data.
 */
public class MisWriteRefused extends RuntimeException {

	public MisWriteRefused(String message) {
		super(message);
	}

}
