package org.attendancebridge.mock.school;

/**
 * Unique pupil numbers in the DfE format: a check letter, a 3-digit local authority code,
 * a 4-digit establishment number, 2 digits of the year allocated and a 3-digit serial.
 * The mock uses authority 999, which no local authority has, so every UPN is
 * valid-looking yet fake.
 */
public final class Upn {

	private static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

	public static final String FAKE_AUTHORITY = "999";

	private Upn() {
	}

	public static String of(int establishment, int yearAllocated, int serial) {
		String body = FAKE_AUTHORITY
				+ String.format("%04d%02d%03d", establishment % 10000, yearAllocated % 100, serial % 1000);
		return checkLetter(body) + body;
	}

	/**
	 * The check letter for the 12 digits after it (positions 2 to 13, weights 2 to 13).
	 */
	public static char checkLetter(String twelveDigits) {
		int sum = 0;
		for (int i = 0; i < 12; i++) {
			sum += (twelveDigits.charAt(i) - '0') * (i + 2);
		}
		return CHECK_LETTERS.charAt(sum % 23);
	}

	public static boolean isValid(String upn) {
		return upn != null && upn.matches("[A-HJ-NP-RT-Z][0-9]{12}") && checkLetter(upn.substring(1)) == upn.charAt(0);
	}

}
