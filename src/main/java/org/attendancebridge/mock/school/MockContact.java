package org.attendancebridge.mock.school;

/**
 * A contact of a generated pupil. Mobile numbers are all in Ofcom's drama range 07700
 * 900000 to 900999, so nothing generated can reach a real phone.
 */
public record MockContact(int id, String title, String forename, String surname, String relationship, int priority,
		boolean parentalResponsibility, boolean maySms, String mobile, String email, String language) {

	public String displayName() {
		return this.forename + " " + this.surname;
	}

}
