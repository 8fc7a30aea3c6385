package org.attendancebridge.mock.notify;

/** Notify's statuses of a text message, in its own spelling. */
public enum TextStatus {

	CREATED("created"), SENDING("sending"), DELIVERED("delivered"), PERMANENT_FAILURE("permanent-failure"),
	TEMPORARY_FAILURE("temporary-failure"), TECHNICAL_FAILURE("technical-failure");

	private final String wireName;

	TextStatus(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public boolean isFinal() {
		return this != CREATED && this != SENDING;
	}

	/** Reads Notify's spelling; {@code null} when it is none of these. */
	static TextStatus fromWire(String name) {
		for (TextStatus status : values()) {
			if (status.wireName.equals(name)) {
				return status;
			}
		}
		return null;
	}

}
