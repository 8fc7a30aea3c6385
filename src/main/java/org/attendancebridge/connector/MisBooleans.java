package org.attendancebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Yes/no fields read from a MIS answer exactly as the API types them: Arbor, SIMS, Wonde
 * and Class Charts all send JSON {@code true} and {@code false} (SIMS's one XML answer,
 * its code table, is read apart). Jackson's tree would read {@code "true"} or {@code 2}
 * as true and {@code "yes"} as false; a MIS that sends those has gone wrong, and the
 * value is refused naming the field rather than taken for something nobody sent.
 */
public final class MisBooleans {

	private MisBooleans() {
	}

	/**
	 * Whether the field holds {@code true}; false when it holds {@code false}, is absent
	 * or null.
	 * @throws WrongType when it holds anything else
	 */
	public static boolean isTrue(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return false;
		}
		if (!node.isBoolean()) {
			throw WrongType.of(field, node, "a boolean");
		}
		return node.booleanValue();
	}

}
