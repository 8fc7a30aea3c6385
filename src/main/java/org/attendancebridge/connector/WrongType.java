package org.attendancebridge.connector;

/**
 * A field of a MIS answer holds a value of the wrong type: text, a decimal or a boolean
 * where the API sends a whole number. The message names the field and what it holds (its
 * type, never its text: a value in the wrong place may be a name); the reader adds which
 * record and where, and rejects that record alone.
 */
public class WrongType extends RuntimeException {

	public WrongType(String message) {
		super(message, null, false, false);
	}

}
