package org.attendancebridge.model;

/** The two statutory sessions of a school day. */
public enum Session {

	AM, PM;

	/** Parses {@code AM} or {@code PM}, case-insensitively; anything else is an error. */
	public static Session parse(String text) {
		if ("AM".equalsIgnoreCase(text)) {
			return AM;
		}
		if ("PM".equalsIgnoreCase(text)) {
			return PM;
		}
		throw new IllegalArgumentException("session must be AM or PM, not '" + text + "'");
	}

}
