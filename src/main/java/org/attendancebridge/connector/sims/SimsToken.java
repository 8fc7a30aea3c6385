package org.attendancebridge.connector.sims;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;

/**
 * The SIMS partner API's auth: a client-credentials bearer token from
 * {@code POST connect/token}, and the {@code Ocp-Apim-Subscription-Key} header on every
 * call. The token is fetched when first needed and again shortly before it expires; one
 * that dies early (SIMS revokes tokens mid-sync) answers 401, and {@link MisHttp} then
 * calls {@link #renew()} and repeats the request.
 */
final class SimsToken implements MisAuth {

	static final String SUBSCRIPTION_HEADER = "Ocp-Apim-Subscription-Key";

	static final String SCOPE = "partner-api";

	/**
	 * Renew this long before the stated expiry, so no request leaves with a dying token.
	 */
	private static final Duration EARLY = Duration.ofSeconds(60);

	private static final Duration MAX_LIFETIME = Duration.ofDays(1);

	private final MisHttp http;

	private final String school;

	private final String clientId;

	private final String clientSecret;

	private final MisAuth keyOnly;

	private final Clock clock;

	private String token;

	private Instant renewAt = Instant.MIN;

	SimsToken(MisHttp http, String school, String clientId, String clientSecret, String subscriptionKey, Clock clock) {
		this.http = http;
		this.school = school;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.clock = clock;
		this.keyOnly = MisAuth.fixed(Map.of(SUBSCRIPTION_HEADER, subscriptionKey));
	}

	@Override
	public synchronized Map<String, String> headers() {
		if (this.token == null || !this.clock.instant().isBefore(this.renewAt)) {
			fetch();
		}
		return Map.of("Authorization", "Bearer " + this.token, SUBSCRIPTION_HEADER,
				this.keyOnly.headers().get(SUBSCRIPTION_HEADER));
	}

	@Override
	public synchronized boolean renew() {
		fetch();
		return true;
	}

	private void fetch() {
		String form = "grant_type=client_credentials&client_id=" + encode(this.clientId) + "&client_secret="
				+ encode(this.clientSecret) + "&scope=" + encode(SCOPE);
		JsonNode body;
		try {
			body = this.http.postForm("connect/token", form, this.keyOnly);
		}
		catch (MisHttpException ex) {
			if (ex.status() < 400) {
				throw ex;
			}
			// The body stays out: it may echo what we sent.
			throw new MisHttpException(this.school + ": the SIMS token request was refused (HTTP " + ex.status()
					+ "): check the connector's clientId and clientSecret", ex.status(), ex);
		}
		String value = body.path("access_token").asText("");
		if (value.isBlank()) {
			throw new MisHttpException(this.school + ": the SIMS token endpoint answered without an access_token", 200,
					null);
		}
		// A lifetime beyond a day (or past the end of time) is taken as a day: a 401
		// renews the token sooner if need be.
		long seconds = Math.max(0, Math.min(body.path("expires_in").asLong(300), MAX_LIFETIME.toSeconds()));
		this.token = value;
		this.renewAt = this.clock.instant().plusSeconds(seconds).minus(EARLY);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "SIMS client-credentials token";
	}

}
