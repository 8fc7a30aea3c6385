package org.attendancebridge.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses lie outside the internet: private, loopback, link-local and the like.
 */
public final class PrivateAddresses {

	private PrivateAddresses() {
	}

	/**
	 * Loopback, private (RFC 1918, unique-local), shared (carrier-grade NAT), link-local
	 * (169.254.169.254, the cloud metadata service, among them) or unspecified; also an
	 * IPv6 address that carries such an IPv4 one.
	 */
	public static boolean isPrivate(InetAddress address) {
		byte[] bytes = address.getAddress();
		InetAddress embedded = embeddedIpv4(bytes);
		if (embedded != null && isPrivate(embedded)) {
			return true;
		}
		boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC;
		boolean sharedCgnat = bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64;
		return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isAnyLocalAddress() || uniqueLocal || sharedCgnat;
	}

	/**
	 * The IPv4 address inside an IPv6 one that carries it on to IPv4: IPv4-compatible
	 * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d}) or 6to4
	 * ({@code 2002:AABB:CCDD::}); null otherwise. (IPv4-mapped addresses Java already
	 * turns into IPv4.)
	 */
	private static InetAddress embeddedIpv4(byte[] bytes) {
		if (bytes.length != 16) {
			return null;
		}
		int from;
		if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			from = 2;
		}
		else {
			boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xFF) == 0xFF && (bytes[3] & 0xFF) == 0x9B;
			for (int i = nat64 ? 4 : 0; i < 12; i++) {
				if (bytes[i] != 0) {
					return null;
				}
			}
			from = 12;
		}
		try {
			return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
