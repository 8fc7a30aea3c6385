package org.attendancebridge.action.cpoms;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CPOMS's HTTP API ({@code /api/v1}, token auth): categories, creating an incident and
 * finding one by our external marker. Answers are returned as they came; deciding what
 * they mean is the channel's business.
 */
final class CpomsClient {

	/** One answer: its status and its body read as JSON (null if it was not JSON). */
	record Answer(int status, JsonNode json, String retryAfter) {
	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final CpomsSettings settings;

	private final HttpClient http;

	CpomsClient(CpomsSettings settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
	}

	Answer categories() throws IOException, InterruptedException {
		return send(request("/api/v1/categories").GET());
	}

	Answer create(Map<String, Object> incident) throws IOException, InterruptedException {
		return send(request("/api/v1/incidents").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(incident))));
	}

	Answer findByExternalRef(String reference) throws IOException, InterruptedException {
		return send(request("/api/v1/incidents?external_ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8))
			.GET());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.settings.baseUrl() + path))
			.timeout(this.settings.timeout())
			.header("Accept", "application/json")
			.header("Authorization", "Token " + this.settings.apiToken());
	}

	private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode json = null;
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (type.contains("json")) {
			try {
				json = JSON.readTree(response.body());
			}
			catch (JsonProcessingException ex) {
				json = null;
			}
		}
		return new Answer(response.statusCode(), json, response.headers().firstValue("Retry-After").orElse(null));
	}

	static Map<String, Object> incident(String upn, Iterable<Integer> categories, String text, String occurredAt,
			Iterable<Integer> alert, String reference) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("student_upn", upn);
		body.put("category_ids", categories);
		body.put("incident_text", text);
		body.put("occurred_at", occurredAt);
		body.put("alert_user_ids", alert);
		body.put("external_ref", reference);
		return body;
	}

}
