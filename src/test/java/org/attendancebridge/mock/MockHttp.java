package org.attendancebridge.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP against the mock, as any client would call it. */
public final class MockHttp {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public record Reply(int status, String body, java.net.http.HttpHeaders headers) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("not JSON: " + this.body, ex);
			}
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public Reply get(String url, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
	}

	public Reply post(String url, String body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	public Reply delete(String url, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), headers);
	}

	public Reply send(HttpRequest.Builder builder, String... headers) {
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.client.send(builder.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
