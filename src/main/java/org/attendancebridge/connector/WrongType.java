package org.attendancebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field of a MIS answer holds a value of the wrong type: text, a decimal or a boolean
 * where the API sends a whole number, text or a number where it sends a boolean. The
 * message names the field and what it holds (its type, never its text: a value in the
 * wrong place may be a name); the reader adds which record and where, and rejects that
 * record alone.
 */
public class WrongType extends RuntimeException {

	public WrongType(String message) {
		super(message, null, false, false);
	}

	/**
	 * {@code field} holds {@code node} where {@code expected} belongs ("a whole number").
	 */
	static WrongType of(String field, JsonNode node, String expected) {
		return new WrongType("'" + field + "' is " + kind(node) + ", not " + expected);
	}

	private static String kind(JsonNode node) {
		if (node.isTextual()) {
			return "text";
		}
		if (node.isIntegralNumber()) {
			return "a whole number";
		}
		if (node.isNumber()) {
			return "a decimal number";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		return node.isArray() ? "a list" : "an object";
	}

}
