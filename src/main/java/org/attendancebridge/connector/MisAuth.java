package org.attendancebridge.connector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * How requests to one MIS prove who we are. A token or session that expires mid-sync is
 * renewed once when the MIS answers 401 (or says so in its own way), then the request is
 * sent again.
 */
public interface MisAuth {

	/** The headers to send now. */
	Map<String, String> headers();

	/** Gets a fresh token or session; false when there is nothing to renew. */
	boolean renew();

	/** HTTP Basic with a fixed user, as Arbor's API users have. */
	static MisAuth basic(String user, String password) {
		String value = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new MisAuth() {
			@Override
			public Map<String, String> headers() {
				return Map.of("Authorization", value);
			}

			@Override
			public boolean renew() {
				return false;
			}

			@Override
			public String toString() {
				return "Basic auth for " + user.replaceAll(".", "*");
			}
		};
	}

	/** Headers that never change and cannot be renewed (a subscription key alone). */
	static MisAuth fixed(Map<String, String> headers) {
		Map<String, String> copy = Map.copyOf(headers);
		return new MisAuth() {
			@Override
			public Map<String, String> headers() {
				return copy;
			}

			@Override
			public boolean renew() {
				return false;
			}

			@Override
			public String toString() {
				return "Fixed headers " + copy.keySet();
			}
		};
	}

	/** A bearer token that never changes (Wonde). */
	static MisAuth bearer(String token) {
		return fixed(Map.of("Authorization", "Bearer " + token));
	}

}
