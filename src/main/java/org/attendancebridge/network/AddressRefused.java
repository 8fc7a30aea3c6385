package org.attendancebridge.network;

import java.net.UnknownHostException;

/**
 * A connection the adapter would not open: the host resolved to a private address, or the
 * address was plain http, where only the internet over TLS is allowed. Nothing was sent.
 * An {@link UnknownHostException}, so every client treats it as a host it could not
 * reach; its message names the system, the host and the address.
 */
public class AddressRefused extends UnknownHostException {

	private final String reason;

	AddressRefused(String system, String reason) {
		super(system + ": " + reason);
		this.reason = reason;
	}

	/**
	 * Why, without the system's name: the host, the address and the switch to allow it.
	 */
	public String reason() {
		return this.reason;
	}

	/** The refusal among an exception's causes, or null. */
	public static AddressRefused in(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AddressRefused refused) {
				return refused;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
