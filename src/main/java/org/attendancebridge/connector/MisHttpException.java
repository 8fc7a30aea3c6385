package org.attendancebridge.connector;

/**
 * A MIS request that failed for good (after retries where retrying made sense). The
 * message names the school, the request path and what went wrong, never pupil data.
 */
public class MisHttpException extends RuntimeException {

	private final int status;

	public MisHttpException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/** The HTTP status, or 0 when no response arrived. */
	public int status() {
		return this.status;
	}

}
