package org.attendancebridge.mock.notify;

import java.util.regex.Pattern;

/**
 * Notify's check of a UK mobile number, reduced to the errors a client is likely to meet.
 */
final class UkMobileNumber {

	private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-.]");

	private UkMobileNumber() {
	}

	/** The number as {@code 447...}, or throws with Notify's message. */
	static String normalise(String raw) {
		String digits = SEPARATORS.matcher(raw).replaceAll("");
		if (digits.startsWith("+")) {
			digits = digits.substring(1);
		}
		if (!digits.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException("Must not contain letters or symbols");
		}
		if (digits.startsWith("0044")) {
			digits = digits.substring(4);
		}
		else if (digits.startsWith("44")) {
			digits = digits.substring(2);
		}
		else if (digits.startsWith("0")) {
			digits = digits.substring(1);
		}
		if (!digits.startsWith("7")) {
			throw new IllegalArgumentException("This does not look like a UK mobile number");
		}
		if (digits.length() > 10) {
			throw new IllegalArgumentException("Mobile number is too long");
		}
		if (digits.length() < 10) {
			throw new IllegalArgumentException("Mobile number is too short");
		}
		return "44" + digits;
	}

}
