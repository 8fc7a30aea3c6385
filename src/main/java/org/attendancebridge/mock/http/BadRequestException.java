package org.attendancebridge.mock.http;

/**
 * A request the simulated system refuses as malformed; its message goes to the client.
 */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}

}
