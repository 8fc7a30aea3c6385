package org.attendancebridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bench's handle on the mock systems in a JVM of their own ({@link BurstMock}): it
 * sets the school clock and reads the gateway's journal, over the mock's HTTP admin
 * calls.
 */
final class MockInstance implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** A text the gateway accepted: its reference and when, on the school clock. */
	record Text(String reference, Instant acceptedAt) {
	}

	private final ChildJvm jvm;

	private final String baseUrl;

	private final long generationMillis;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private MockInstance(ChildJvm jvm, String baseUrl, long generationMillis) {
		this.jvm = jvm;
		this.baseUrl = baseUrl;
		this.generationMillis = generationMillis;
	}

	/** Starts the mock and waits until it serves. */
	static MockInstance start(BenchOptions options) {
		ChildJvm jvm = ChildJvm.start("mock", heap(options),
				List.of("burst-mock", "--schools", Integer.toString(options.schools()), "--roll",
						Integer.toString(options.pupils()), "--seed", Long.toString(options.seed()), "--gateway-limit",
						Integer.toString(options.gatewayPerMinute())),
				Map.of());
		String ready;
		try {
			ready = jvm.await(Duration.ofMinutes(30));
		}
		catch (RuntimeException ex) {
			jvm.close();
			throw ex;
		}
		String[] words = ready.split(" ");
		if (!words[0].equals("ready")) {
			jvm.close();
			throw new IllegalStateException("the mock answered '" + ready + "' instead of starting");
		}
		return new MockInstance(jvm, words[1], Long.parseLong(words[2]));
	}

	/**
	 * The mock's heap: the registers of the term so far, with their history, for every
	 * pupil of every school (about 60 KB a pupil), and room to work.
	 */
	static String heap(BenchOptions options) {
		long megabytes = 512 + (long) options.schools() * options.pupils() * 60 / 1024;
		return megabytes + "m";
	}

	String baseUrl() {
		return this.baseUrl;
	}

	long generationMillis() {
		return this.generationMillis;
	}

	/**
	 * Sets the school clock: {@code now}, running at {@code speed}.
	 * @return the mock's now, just after
	 */
	Instant clock(Instant now, double speed) {
		JsonNode answer = call(HttpRequest.newBuilder(URI.create(this.baseUrl + "/__mock/clock"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"now\":\"" + now + "\",\"speed\":" + speed + "}"))
			.build());
		return Instant.parse(answer.path("now").asText());
	}

	/** Every text the gateway accepted, oldest first. */
	List<Text> journal() {
		JsonNode answer = call(HttpRequest.newBuilder(URI.create(this.baseUrl + "/notify/_journal")).build());
		List<Text> texts = new ArrayList<>();
		for (JsonNode text : answer.path("texts")) {
			texts.add(new Text(text.path("reference").asText(), Instant.parse(text.path("created_at").asText())));
		}
		return texts;
	}

	private JsonNode call(HttpRequest request) {
		try {
			HttpResponse<String> answer = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException(
						"the mock answered " + answer.statusCode() + " to " + request.uri() + ": " + answer.body());
			}
			return JSON.readTree(answer.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("the mock did not answer " + request.uri() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking the mock " + request.uri(), ex);
		}
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
