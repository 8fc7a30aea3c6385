package org.attendancebridge.connector.classcharts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;

/**
 * A Class Charts session: logged in with the school's API user, sent as
 * {@code Authorization: Basic <session id>}, and logged in again when Class Charts says
 * it has expired (after about three minutes; it says so in a 200 body).
 */
final class ClassChartsSession implements MisAuth {

	private final MisHttp http;

	private final String school;

	private final String form;

	private String sessionId;

	ClassChartsSession(MisHttp http, String school, String email, String password) {
		this.http = http;
		this.school = school;
		this.form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
	}

	@Override
	public Map<String, String> headers() {
		if (this.sessionId == null) {
			renew();
		}
		return Map.of("Authorization", "Basic " + this.sessionId);
	}

	@Override
	public boolean renew() {
		JsonNode body = this.http.postForm("login", this.form, NONE);
		String id = body.path("meta").path("session_id").asText("");
		if (body.path("success").asInt(0) != 1 || id.isEmpty()) {
			throw new MisHttpException(
					this.school + ": Class Charts login refused: " + body.path("error").asText("no session"), 200,
					null);
		}
		this.sessionId = id;
		return true;
	}

	/** GET with the session, logging in again once if Class Charts says it expired. */
	JsonNode get(String path, String query) {
		JsonNode body = this.http.getJson(path, query, this);
		if (body.path("success").asInt(1) == 0 && body.path("expired").asInt(0) == 1) {
			renew();
			body = this.http.getJson(path, query, this);
		}
		if (body.path("success").asInt(1) != 1) {
			throw new MisHttpException(
					this.school + ": GET " + path + " was refused: " + body.path("error").asText("error"), 200, null);
		}
		return body;
	}

	private static final MisAuth NONE = new MisAuth() {
		@Override
		public Map<String, String> headers() {
			return Map.of();
		}

		@Override
		public boolean renew() {
			return false;
		}
	};

}
