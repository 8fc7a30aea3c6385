package org.attendancebridge.network;

/**
 * A service's {@code *_ALLOW_PRIVATE_NETWORK} setting, read one way by the adapter and by
 * {@code validate --online}: {@code true} or {@code false} in any case; unset or blank is
 * false. Anything else ({@code yes}, {@code 1}, a typo) is refused naming the variable,
 * rather than read as one or the other: it lifts an address check.
 */
public final class PrivateNetworkSetting {

	private PrivateNetworkSetting() {
	}

	/**
	 * @param variable the environment variable, for the error
	 * @throws IllegalArgumentException for a value that is neither true nor false
	 */
	public static boolean parse(String variable, String value) {
		String v = (value == null) ? "" : value.trim();
		if (v.isEmpty() || v.equalsIgnoreCase("false")) {
			return false;
		}
		if (v.equalsIgnoreCase("true")) {
			return true;
		}
		throw new IllegalArgumentException(variable + ": '" + v + "' is neither true nor false");
	}

}
