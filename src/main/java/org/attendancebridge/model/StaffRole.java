package org.attendancebridge.model;

/**
 * A member of staff in a role alerts can be addressed to. No names: the id the MIS (or
 * the connector file) knows them by, and the email an alert goes to.
 *
 * @param role a staff role id of {@code policy/Recipients.STAFF_ROLES}
 * @param staffId the MIS's id for them (or the connector file's)
 * @param email where alerts go, null when unknown
 * @param covers the year group a head of year, or the registration group a tutor, looks
 * after; null for a role held school-wide
 */
public record StaffRole(String role, String staffId, String email, String covers) {

	public static final String TUTOR = "tutor";

	public static final String HEAD_OF_YEAR = "head-of-year";

	@Override
	public String toString() {
		return "StaffRole[" + this.role + ", " + this.staffId + "]";
	}

}
