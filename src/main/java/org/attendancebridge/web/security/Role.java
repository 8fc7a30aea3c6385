package org.attendancebridge.web.security;

import java.util.List;
import java.util.Locale;

/**
 * What a person may do. Pupils' figures and actions are for the attendance roles; an IT
 * technician sees the schools, the connectors' health and the actuator, not pupils.
 */
public enum Role {

	ATTENDANCE_OFFICER, HEAD_OF_YEAR, IT_TECHNICIAN, READ_ONLY;

	/** The roles that may read pupils' figures and actions. */
	public static final String[] PUPIL_DATA = { ATTENDANCE_OFFICER.name(), HEAD_OF_YEAR.name(), READ_ONLY.name() };

	/**
	 * The roles that may steer dispatch: approve or reject an action held for approval,
	 * replay a dead letter.
	 */
	public static final String[] OPERATORS = { ATTENDANCE_OFFICER.name(), HEAD_OF_YEAR.name() };

	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * The role named, in any case; otherwise an {@link IllegalArgumentException} naming
	 * the field {@code role} and the roles there are.
	 */
	public static Role of(String role) {
		try {
			return valueOf(String.valueOf(role).trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("role: '" + role + "' is not one of " + List.of(values()));
		}
	}

}
