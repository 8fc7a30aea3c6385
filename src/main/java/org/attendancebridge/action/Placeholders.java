package org.attendancebridge.action;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template's {@code ((name))} placeholders. A placeholder with no value is an
 * error naming it: a message never goes out with a gap or a stray bracket.
 */
public final class Placeholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([a-z_]+)\\)\\)");

	private Placeholders() {
	}

	/**
	 * Fills the text; a value standing where a sentence starts is given a capital letter
	 * ("((child_name)) has missed" reads "Your child has missed").
	 */
	public static String fill(String template, String text, Map<String, String> values) {
		Matcher found = PLACEHOLDER.matcher(text);
		StringBuilder filled = new StringBuilder();
		while (found.find()) {
			String value = values.get(found.group(1));
			if (value == null) {
				throw new IllegalArgumentException(
						"template '" + template + "' names ((" + found.group(1) + ")), which has no value here");
			}
			if (startsSentence(text, found.start()) && !value.isEmpty()) {
				value = Character.toUpperCase(value.charAt(0)) + value.substring(1);
			}
			found.appendReplacement(filled, Matcher.quoteReplacement(value));
		}
		found.appendTail(filled);
		return filled.toString();
	}

	private static boolean startsSentence(String text, int at) {
		int i = at - 1;
		while (i >= 0 && text.charAt(i) == ' ') {
			i--;
		}
		return i < 0 || text.charAt(i) == '\n' || ((text.charAt(i) == '.' || text.charAt(i) == ':') && i < at - 1);
	}

}
