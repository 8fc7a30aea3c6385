package org.attendancebridge.connector;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A contact's priority as the MIS types it. One of the wrong type is reported, naming the
 * school, the pupil, the contact and the field (never a name or number), and the rest of
 * the read goes on.
 */
public final class ContactPriority {

	private ContactPriority() {
	}

	/**
	 * The field as a whole number; {@code absent} when it is absent, or of the wrong type
	 * (then reported).
	 * @param contactId our id of the contact (no personal data)
	 */
	public static int read(JsonNode parent, String field, int absent, String school, String pupilId, String contactId,
			Consumer<RejectedRecord> rejected) {
		try {
			return MisNumbers.intOr(parent, field, absent);
		}
		catch (WrongType ex) {
			// Kept, last in line: dropping the contact could leave a pupil with no parent
			// to reach, and the rejection tells a person to correct the MIS.
			rejected.accept(keptLast(school, pupilId, contactId, ex.getMessage(), absent));
			return absent;
		}
	}

	/** The report of a contact kept last in line for a wrong-typed field. */
	public static RejectedRecord keptLast(String school, String pupilId, String contactId, String problem, int absent) {
		return problem(school, pupilId, contactId, problem + "; the contact is kept, last in line (" + absent + ")");
	}

	/** The report of a wrong-typed field of a contact, with what was made of it. */
	public static RejectedRecord problem(String school, String pupilId, String contactId, String problem) {
		return new RejectedRecord(school, pupilId, null, "contact " + contactId + ": " + problem);
	}

}
