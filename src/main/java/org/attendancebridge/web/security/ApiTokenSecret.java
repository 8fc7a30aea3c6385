package org.attendancebridge.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes API tokens and hashes them. A token is 256 random bits, so an unsalted SHA-256 is
 * enough to keep it (nothing can be guessed from the hash); the {@code abt_} prefix lets
 * secret scanners and people recognise one.
 */
final class ApiTokenSecret {

	static final String PREFIX = "abt_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiTokenSecret() {
	}

	static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The hex SHA-256 of the token: what the database keeps and looks tokens up by. */
	static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this Java", ex);
		}
	}

}
