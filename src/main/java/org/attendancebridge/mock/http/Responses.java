package org.attendancebridge.mock.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/** Building the responses the simulated systems send. */
public final class Responses {

	public static final ObjectMapper JSON = new ObjectMapper();

	private Responses() {
	}

	public static ObjectNode object() {
		return JSON.createObjectNode();
	}

	public static ArrayNode array() {
		return JSON.createArrayNode();
	}

	public static JsonNode read(String body) {
		try {
			return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
		}
		catch (JsonProcessingException ex) {
			throw new BadRequestException("body is not JSON");
		}
	}

	public static ResponseDefinition json(int status, JsonNode body) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(body.toString())
			.build();
	}

	public static ResponseDefinition json(JsonNode body) {
		return json(200, body);
	}

	public static ResponseDefinition text(int status, String contentType, String body) {
		return responseDefinition().withStatus(status).withHeader("Content-Type", contentType).withBody(body).build();
	}

}
