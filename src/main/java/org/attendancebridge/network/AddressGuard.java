package org.attendancebridge.network;

import java.net.InetAddress;

/**
 * What one system (a school's MIS, CPOMS, the SMS gateway) may be reached at: an address
 * on the internet, unless private addresses are allowed for a local mock.
 *
 * @param system who is being reached, first in every refusal (a school's id, "CPOMS",
 * "the SMS gateway")
 * @param allowPrivate whether private, loopback and link-local addresses and plain http
 * are allowed
 * @param allowedBy the setting that allows them, named in every refusal
 */
public record AddressGuard(String system, boolean allowPrivate, String allowedBy) {

	/** Refuses {@code host} when any address it resolved to is private. */
	public InetAddress[] check(String host, InetAddress[] addresses) throws AddressRefused {
		for (InetAddress address : addresses) {
			check(host, address);
		}
		return addresses;
	}

	/** Refuses {@code host} when the address it resolved to is private. */
	public void check(String host, InetAddress address) throws AddressRefused {
		if (!this.allowPrivate && PrivateAddresses.isPrivate(address)) {
			String shown = address.getHostAddress();
			String bare = host.replaceAll("^\\[|]$", "");
			throw new AddressRefused(this.system,
					"'" + host + "'" + (bare.equalsIgnoreCase(shown) ? " is " : " resolves to " + shown + ", ")
							+ "a private, loopback or link-local address: not connected (" + this.allowedBy
							+ " is for a local mock only)");
		}
	}

	/**
	 * Refuses plain http, whose connection no guard sees: pupil data travels encrypted.
	 */
	public void checkScheme(String url) throws AddressRefused {
		if (!this.allowPrivate && !url.regionMatches(true, 0, "https:", 0, 6)) {
			throw new AddressRefused(this.system, "'" + url + "' is not https: pupil data only travels encrypted ("
					+ this.allowedBy + " is for a local mock only)");
		}
	}

}
