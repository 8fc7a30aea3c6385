package org.attendancebridge.model;

/** A register symbol that is no DfE code, or a legacy code after the 2024 change. */
public class UnknownCodeException extends IllegalArgumentException {

	public UnknownCodeException(String message) {
		super(message);
	}

}
