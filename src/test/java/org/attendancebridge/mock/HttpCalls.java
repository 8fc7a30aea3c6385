package org.attendancebridge.mock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP calls against a mock, as any client would make them. */
public final class HttpCalls {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public HttpCalls(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Answer get(String path, String authorization) throws IOException, InterruptedException {
		return send(request(path, authorization).GET().build());
	}

	public Answer post(String path, String authorization, Object body) throws IOException, InterruptedException {
		return post(path, authorization, body, Duration.ofSeconds(10));
	}

	public Answer post(String path, String authorization, Object body, Duration timeout)
			throws IOException, InterruptedException {
		String json = (body instanceof String text) ? text : MAPPER.writeValueAsString(body);
		return send(request(path, authorization).timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public Answer delete(String path) throws IOException, InterruptedException {
		return send(request(path, null).DELETE().build());
	}

	private HttpRequest.Builder request(String path, String authorization) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10));
		return (authorization != null) ? builder.header("Authorization", authorization) : builder;
	}

	private Answer send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), json(response.body()), response.body(), response.headers().map());
	}

	/**
	 * The body as JSON; a body that is no JSON (an HTML page) reads as a missing node.
	 */
	private static JsonNode json(String body) {
		try {
			return body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
		}
		catch (IOException ex) {
			return MAPPER.missingNode();
		}
	}

	/** A status, the body as JSON and as text, and the headers. */
	public record Answer(int status, JsonNode json, String body, Map<String, List<String>> headers) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
