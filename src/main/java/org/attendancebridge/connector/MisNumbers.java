package org.attendancebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whole numbers read from a MIS answer exactly as the API types them. Jackson's tree
 * would read {@code "12"}, {@code 12.7} or {@code true} as 12, 12 and 1; a MIS that sends
 * those where a number belongs has gone wrong, and the record is rejected naming the
 * field rather than stored with a number nobody sent. Identifiers are not read here: SIMS
 * and Wonde send them as text, and they are kept as text.
 */
public final class MisNumbers {

	private MisNumbers() {
	}

	/** The field as a whole number, or null when it is absent or null. */
	public static Integer optionalInt(JsonNode parent, String field) {
		Long value = optionalLong(parent, field);
		if (value == null) {
			return null;
		}
		if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
			// The value is left out: a phone number keyed into the field would be one.
			throw new WrongType("'" + field + "' is a whole number beyond range");
		}
		return value.intValue();
	}

	/** The field as a whole number, or {@code absent} when it is absent or null. */
	public static int intOr(JsonNode parent, String field, int absent) {
		Integer value = optionalInt(parent, field);
		return (value == null) ? absent : value;
	}

	/** The field as a whole number, or {@code absent} when it is absent or null. */
	public static long longOr(JsonNode parent, String field, long absent) {
		Long value = optionalLong(parent, field);
		return (value == null) ? absent : value;
	}

	/** The field as a whole number, or null when it is absent or null. */
	public static Long optionalLong(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber()) {
			throw WrongType.of(field, node, "a whole number");
		}
		if (!node.canConvertToLong()) {
			throw new WrongType("'" + field + "' is a whole number beyond range");
		}
		return node.longValue();
	}

}
