package org.attendancebridge.mock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * JSON in and out for the mocks' transformers, and the transport side of
 * {@link MockFault}.
 */
public final class JsonResponses {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** The pieces a trickling answer comes in. */
	private static final int TRICKLE_CHUNKS = 20;

	private JsonResponses() {
	}

	public static ResponseDefinition json(int status, Object body) {
		return json(status, body, Duration.ZERO);
	}

	public static ResponseDefinition json(int status, Object body, Duration delay) {
		return builder(status, body).withFixedDelay((int) delay.toMillis()).build();
	}

	/**
	 * The normal answer to a write a fault only makes late: all at once after the fault's
	 * delay, or trickling in over it.
	 */
	public static ResponseDefinition late(int status, Object body, Optional<MockFault> fault) {
		Duration delay = fault.map(MockFault::delay).orElse(Duration.ZERO);
		if (fault.isPresent() && fault.get().kind() == MockFault.Kind.TRICKLE) {
			return builder(status, body).withChunkedDribbleDelay(TRICKLE_CHUNKS, (int) delay.toMillis()).build();
		}
		if (fault.isPresent() && fault.get().kind() == MockFault.Kind.TRICKLE_FIXED_LENGTH) {
			return builder(status, body)
				.withHeader("Content-Length", String.valueOf(write(body).getBytes(StandardCharsets.UTF_8).length))
				.withChunkedDribbleDelay(TRICKLE_CHUNKS, (int) delay.toMillis())
				.build();
		}
		return json(status, body, delay);
	}

	/** A JSON answer still open for headers. */
	public static ResponseDefinitionBuilder builder(int status, Object body) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(write(body));
	}

	public static ResponseDefinition connectionReset() {
		return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
	}

	public static ResponseDefinition maintenancePage() {
		return responseDefinition().withStatus(200)
			.withHeader("Content-Type", "text/html; charset=utf-8")
			.withBody("<html><head><title>Down for maintenance</title></head>"
					+ "<body><h1>We'll be back soon</h1></body></html>")
			.build();
	}

	public static ResponseDefinition noContent() {
		return responseDefinition().withStatus(204).build();
	}

	/** Parses a JSON object body; a body that is no JSON object gives {@code null}. */
	public static Map<String, Object> readObject(String body) {
		try {
			return MAPPER.readValue((body == null || body.isBlank()) ? "null" : body, new TypeReference<>() {
			});
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	public static String write(Object body) {
		try {
			return MAPPER.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot write JSON", ex);
		}
	}

}
