package org.attendancebridge.mock.school;

/**
 * A member of staff in one of the roles the policies name. {@code responsibleFor} is the
 * year group (head of year) or registration group (tutor) they look after, else null.
 */
public record StaffMember(int id, String title, String forename, String surname, String role, String email,
		String responsibleFor) {

	public String displayName() {
		return this.title + " " + this.surname;
	}

}
