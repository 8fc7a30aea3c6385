package org.attendancebridge.connector;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A contact's yes/no fields as the MIS types them: parental responsibility and consent to
 * texts. One of the wrong type is read the safe way (no parental responsibility, not to
 * be texted) and reported like a wrong-typed priority, naming the school, the pupil, the
 * contact and the field; the contact is kept, so the parent can still be reached another
 * way, and the rest of the read goes on.
 */
public final class ContactFlags {

	private ContactFlags() {
	}

	/** Whether the field says the contact holds parental responsibility. */
	public static boolean parentalResponsibility(JsonNode parent, String field, String school, String pupilId,
			String contactId, Consumer<RejectedRecord> rejected) {
		return read(parent, field, true, "without parental responsibility", school, pupilId, contactId, rejected);
	}

	/** Whether the field gives the contact's consent to be texted. */
	public static boolean mayText(JsonNode parent, String field, String school, String pupilId, String contactId,
			Consumer<RejectedRecord> rejected) {
		return read(parent, field, true, "not to be texted", school, pupilId, contactId, rejected);
	}

	/**
	 * Whether the contact may be texted, when the field says they opted out (Arbor's
	 * {@code unsubscribedFromComms}): absent, they have not.
	 */
	public static boolean mayTextUnlessOptedOut(JsonNode parent, String field, String school, String pupilId,
			String contactId, Consumer<RejectedRecord> rejected) {
		return read(parent, field, false, "not to be texted", school, pupilId, contactId, rejected);
	}

	/**
	 * @param allowedWhen the field's value that allows it
	 * @param safe what the contact is kept as when the field has the wrong type
	 */
	private static boolean read(JsonNode parent, String field, boolean allowedWhen, String safe, String school,
			String pupilId, String contactId, Consumer<RejectedRecord> rejected) {
		try {
			return MisBooleans.isTrue(parent, field) == allowedWhen;
		}
		catch (WrongType ex) {
			rejected.accept(ContactPriority.problem(school, pupilId, contactId,
					ex.getMessage() + "; the contact is kept, " + safe));
			return false;
		}
	}

}
