package org.attendancebridge.model;

/**
 * A person the school may contact about a pupil. {@code priority} 1 is tried first. The
 * phone number and email are personal data: never log them.
 */
public record Contact(String id, int priority, String phone, String email, String language,
		boolean parentalResponsibility, boolean maySms) {

	/** Texts go only to contacts with parental responsibility who have not opted out. */
	public boolean canBeTexted() {
		return this.parentalResponsibility && this.maySms && this.phone != null && !this.phone.isBlank();
	}

	@Override
	public String toString() {
		return "Contact[" + this.id + ", priority " + this.priority + "]";
	}

}
