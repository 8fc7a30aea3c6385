package org.attendancebridge.mock.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds Notify API tokens the way a client does, so tests can also build bad ones. */
final class NotifyTokens {

	static final String SERVICE_ID = "5f8d2a7e-1c3b-4e5f-9a0b-7c6d5e4f3a21";

	static final String SECRET = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

	private NotifyTokens() {
	}

	static String bearer(Instant issuedAt) {
		return "Bearer " + token(SERVICE_ID, SECRET, issuedAt);
	}

	static String token(String issuer, String secret, Instant issuedAt) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
		String claims = encoder
			.encodeToString(("{\"iss\":\"" + issuer + "\",\"iat\":" + issuedAt.getEpochSecond() + "}")
				.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
			return header + "." + claims + "." + encoder.encodeToString(signature);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
