package org.attendancebridge.mock.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.attendancebridge.mock.JsonResponses;

/**
 * Checks a Notify API token the way Notify does: HS256 over the secret key, {@code iss}
 * the service id, {@code iat} within 30 seconds of the server's clock. Done by hand with
 * {@link Mac} because that is all it takes.
 */
final class JwtVerifier {

	static final Duration ALLOWED_SKEW = Duration.ofSeconds(30);

	private final String serviceId;

	private final byte[] secret;

	JwtVerifier(String serviceId, String secretKey) {
		this.serviceId = serviceId;
		this.secret = secretKey.getBytes(StandardCharsets.UTF_8);
	}

	/** The refusal message, or {@code null} when the token is good at {@code now}. */
	String refusal(String token, Instant now) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return "Invalid token: signature, api token not found";
		}
		Map<String, Object> header = decode(parts[0]);
		Map<String, Object> claims = decode(parts[1]);
		if (header == null || claims == null || !"HS256".equals(header.get("alg"))) {
			return "Invalid token: algorithm used is not HS256";
		}
		if (!this.serviceId.equals(claims.get("iss"))) {
			return "Invalid token: service not found";
		}
		if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), base64Url(parts[2]))) {
			return "Invalid token: signature, api token is not valid";
		}
		if (!(claims.get("iat") instanceof Number iat)) {
			return "Invalid token: iat field not provided";
		}
		long skew = Math.abs(now.getEpochSecond() - iat.longValue());
		if (skew > ALLOWED_SKEW.toSeconds()) {
			return "Error: Your system clock must be accurate to within 30 seconds";
		}
		return null;
	}

	private byte[] sign(String signingInput) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

	private static Map<String, Object> decode(String part) {
		byte[] bytes = base64Url(part);
		return (bytes.length == 0) ? null : JsonResponses.readObject(new String(bytes, StandardCharsets.UTF_8));
	}

	private static byte[] base64Url(String part) {
		try {
			return Base64.getUrlDecoder().decode(part);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

}
