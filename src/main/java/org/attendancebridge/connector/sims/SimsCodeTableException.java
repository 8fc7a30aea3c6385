package org.attendancebridge.connector.sims;

/** A SIMS code table that cannot be used; the message names the school and the entry. */
public class SimsCodeTableException extends RuntimeException {

	public SimsCodeTableException(String message) {
		super(message);
	}

}
