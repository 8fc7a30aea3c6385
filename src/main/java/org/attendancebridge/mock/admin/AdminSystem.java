package org.attendancebridge.mock.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockSystem;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.http.Responses;
import org.attendancebridge.mock.school.SchoolState;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The mock's own admin calls under {@code /__mock}: the simulated clock, the fault
 * switches and the list of schools. WireMock's admin API stays at {@code /__admin}.
 */
public final class AdminSystem implements MockSystem, ResponseDefinitionTransformerV2 {

	private final MockMis mock;

	public AdminSystem(MockMis mock) {
		this.mock = mock;
	}

	@Override
	public String prefix() {
		return "/__mock";
	}

	@Override
	public List<Extension> extensions() {
		return List.of(this);
	}

	@Override
	public void register(WireMockServer server) {
		server.stubFor(any(urlPathMatching("/__mock/.*")).willReturn(aResponse().withTransformers(getName())));
	}

	@Override
	public String getName() {
		return "mock-admin";
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		MockRequest request = MockRequest.of(serveEvent.getRequest(), prefix());
		try {
			return switch (String.valueOf(request.segment(0))) {
				case "clock" -> clock(request);
				case "faults" -> faults(request);
				case "schools" -> schools();
				default -> problem(404, "no admin call " + request.url());
			};
		}
		catch (BadRequestException | IllegalArgumentException ex) {
			return problem(400, ex.getMessage());
		}
	}

	private ResponseDefinition clock(MockRequest request) {
		MockClock clock = this.mock.clock();
		if (request.isPost()) {
			JsonNode body = Responses.read(request.body());
			Instant now = body.hasNonNull("now") ? parseTime(body.get("now").asText()) : clock.instant();
			double speed = body.hasNonNull("speed") ? body.get("speed").asDouble() : clock.speed();
			clock.set(now, speed);
		}
		else if (!request.isGet()) {
			return problem(405, "use GET or POST");
		}
		ObjectNode body = Responses.object();
		body.put("now", clock.instant().toString());
		body.put("london", clock.londonNow().toString());
		body.put("speed", clock.speed());
		return Responses.json(body);
	}

	/** An instant with an offset, or a London wall-clock time without one. */
	public static Instant parseTime(String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(text).atZone(MockClock.LONDON).toInstant();
			}
			catch (DateTimeParseException again) {
				throw new BadRequestException("now must be like 2024-11-11T08:40 (London) or 2024-11-11T08:40:00Z");
			}
		}
	}

	private ResponseDefinition faults(MockRequest request) {
		if (request.isPost()) {
			JsonNode body = Responses.read(request.body());
			if (!body.hasNonNull("system") || !body.hasNonNull("fault")) {
				throw new BadRequestException("a fault needs at least \"system\" and \"fault\"");
			}
			FaultSwitch fault = FaultSwitch
				.of(body.get("system").asText(), body.hasNonNull("school") ? body.get("school").asText() : null,
						FaultKind.of(body.get("fault").asText()))
				.times(body.path("count").asInt(0))
				.withStatus(body.path("status").asInt(0))
				.withRetryAfter(body.path("retryAfter").asInt(0))
				.withDelay(body.path("delayMillis").asInt(0))
				.withRestoreAfter(body.path("restoreAfterMinutes").asInt(0))
				.writesOnly(body.path("writesOnly").asBoolean(false));
			ObjectNode result = Responses.object();
			result.put("result", this.mock.switchOn(fault));
			return Responses.json(201, result);
		}
		if ("DELETE".equals(request.method())) {
			String system = request.param("system");
			if (system == null) {
				this.mock.faults().clear();
			}
			else {
				this.mock.faults().clear(system);
			}
			return Responses.text(204, "text/plain", "");
		}
		ObjectNode body = Responses.object();
		body.set("faults", Responses.JSON.valueToTree(this.mock.faults().list()));
		return Responses.json(body);
	}

	private ResponseDefinition schools() {
		ObjectNode body = Responses.object();
		ArrayNode schools = body.putArray("schools");
		for (SchoolState school : this.mock.schools()) {
			ObjectNode o = schools.addObject();
			o.put("id", school.id());
			o.put("name", school.spec().name());
			o.put("policy", school.spec().policy());
			o.put("mis", school.spec().mis().path());
			o.put("pupils", school.pupils().size());
			o.put("baseUrl", this.mock.baseUrl(school.id()));
		}
		return Responses.json(body);
	}

	private static ResponseDefinition problem(int status, String message) {
		ObjectNode body = Responses.object();
		body.put("error", message);
		return Responses.json(status, body);
	}

}
