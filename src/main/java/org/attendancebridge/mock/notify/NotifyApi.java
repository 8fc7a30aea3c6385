package org.attendancebridge.mock.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.attendancebridge.mock.JsonResponses;
import org.attendancebridge.mock.MockFault;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The HTTP side of {@link NotifyMock}: one stub per endpoint, all answered by this
 * transformer, so the stubs show in {@code /__admin/mappings} while the answers come from
 * the mock's state.
 */
final class NotifyApi implements ResponseDefinitionTransformerV2 {

	static final String NAME = "notify-api";

	private static final int PAGE_SIZE = 250;

	private final NotifyMock mock;

	private final JwtVerifier jwt;

	NotifyApi(NotifyMock mock, JwtVerifier jwt) {
		this.mock = mock;
		this.jwt = jwt;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	void register(WireMockServer server, String prefix) {
		server.stubFor(post(urlPathEqualTo(prefix + "/v2/notifications/sms")).willReturn(op("send")));
		server.stubFor(get(urlPathEqualTo(prefix + "/v2/notifications")).willReturn(op("list")));
		server.stubFor(get(urlPathMatching(prefix + "/v2/notifications/[^/]+")).willReturn(op("get")));
		server.stubFor(get(urlPathEqualTo(prefix + "/_journal")).willReturn(op("journal")));
		server.stubFor(post(urlPathEqualTo(prefix + "/_faults")).willReturn(op("set-fault")));
		server.stubFor(delete(urlPathEqualTo(prefix + "/_faults")).willReturn(op("clear-fault")));
	}

	private static ResponseDefinitionBuilder op(String op) {
		return aResponse().withTransformers(NAME).withTransformerParameter("op", op);
	}

	@Override
	public ResponseDefinition transform(ServeEvent event) {
		Request request = event.getRequest();
		String op = event.getTransformerParameters().getString("op");
		switch (op) {
			case "journal":
				return journal();
			case "set-fault":
				return setFault(request);
			case "clear-fault":
				this.mock.clearFault();
				return JsonResponses.noContent();
			default:
				break;
		}
		Instant now = this.mock.now();
		ResponseDefinition refused = authenticate(request, this.mock.tokenNow());
		if (refused != null) {
			return refused;
		}
		if (!this.mock.admitRequest(now)) {
			return JsonResponses
				.builder(429,
						error(429, "RateLimitError",
								"Exceeded rate limit for key type LIVE of " + this.mock.config().requestsPerMinute()
										+ " requests per 60 seconds"))
				.withHeader("Retry-After", "60")
				.build();
		}
		String base = request.getAbsoluteUrl().substring(0, request.getAbsoluteUrl().indexOf("/v2/notifications"));
		return switch (op) {
			case "send" -> send(request, base, now);
			case "get" -> getOne(request, base, now);
			default -> list(request, base, now);
		};
	}

	private ResponseDefinition authenticate(Request request, Instant now) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Bearer ")) {
			return JsonResponses.json(401,
					error(401, "AuthError", "Unauthorized: authentication token must be provided"));
		}
		String refusal = this.jwt.refusal(header.substring("Bearer ".length()).trim(), now);
		return (refusal != null) ? JsonResponses.json(403, error(403, "AuthError", refusal)) : null;
	}

	private ResponseDefinition send(Request request, String base, Instant now) {
		Map<String, Object> body = JsonResponses.readObject(request.getBodyAsString());
		if (body == null) {
			return badRequest("ValidationError", "Invalid JSON supplied in POST data");
		}
		List<String> problems = new ArrayList<>();
		String normalised = null;
		if (!(body.get("phone_number") instanceof String phone)) {
			problems.add("phone_number is a required property");
		}
		else {
			try {
				normalised = UkMobileNumber.normalise(phone);
			}
			catch (IllegalArgumentException ex) {
				problems.add("phone_number " + ex.getMessage());
			}
		}
		UUID templateId = null;
		if (!(body.get("template_id") instanceof String template)) {
			problems.add("template_id is a required property");
		}
		else {
			templateId = parseUuid(template);
			if (templateId == null) {
				problems.add("template_id is not a valid UUID");
			}
		}
		Object personalisation = body.getOrDefault("personalisation", Map.of());
		if (!(personalisation instanceof Map)) {
			problems.add("personalisation " + personalisation + " is not of type object");
		}
		Object reference = body.get("reference");
		if (reference != null && !(reference instanceof String)) {
			problems.add("reference " + reference + " is not of type string");
		}
		if (!problems.isEmpty()) {
			return validationErrors(problems);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) personalisation;
		String missing = this.mock.missingPersonalisation(templateId, values);
		if (missing != null) {
			return badRequest("BadRequestError", "Missing personalisation: " + missing);
		}
		if (this.mock.dailyLimitReached(now)) {
			return dailyLimitError();
		}
		Optional<MockFault> fault = this.mock.faults().takeForWrite();
		if (fault.isPresent() && !fault.get().recorded()) {
			return playFault(fault.get(), null);
		}
		SentText text = this.mock.record((String) body.get("phone_number"), normalised, templateId, values,
				(String) reference, now);
		if (text == null) {
			return dailyLimitError();
		}
		ResponseDefinition created = JsonResponses.late(201, created(text, base), fault);
		return fault.map(f -> playFault(f, created)).orElse(created);
	}

	private ResponseDefinition dailyLimitError() {
		return JsonResponses.json(429, error(429, "TooManyRequestsError",
				"Exceeded send limits (" + this.mock.config().dailyMessageLimit() + ") for today"));
	}

	/** A fault's answer; {@code normal} is the answer when the fault only delays it. */
	private static ResponseDefinition playFault(MockFault fault, ResponseDefinition normal) {
		return switch (fault.kind()) {
			case SERVER_ERROR ->
				JsonResponses.json(fault.status(), error(fault.status(), "Exception", "Internal server error"));
			case CONNECTION_RESET -> JsonResponses.connectionReset();
			case RATE_LIMITED ->
				JsonResponses.builder(429, error(429, "RateLimitError", "Exceeded rate limit for key type LIVE"))
					.withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()))
					.build();
			case MAINTENANCE_PAGE -> JsonResponses.maintenancePage();
			case SLOW, TRICKLE, TRICKLE_FIXED_LENGTH -> normal;
		};
	}

	private ResponseDefinition getOne(Request request, String base, Instant now) {
		String url = request.getUrl();
		String raw = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
		UUID id = parseUuid(raw);
		if (id == null) {
			return validationErrors(List.of("notification_id is not a valid UUID"));
		}
		return this.mock.text(id)
			.filter(text -> !text.createdAt().isBefore(now.minus(NotifyMock.RETENTION)))
			.map(text -> JsonResponses.json(200, notification(text, base, now)))
			.orElseGet(() -> JsonResponses.json(404, error(404, "NoResultFound", "No result found")));
	}

	private ResponseDefinition list(Request request, String base, Instant now) {
		String reference = param(request, "reference");
		String status = param(request, "status");
		String olderThan = param(request, "older_than");
		String type = param(request, "template_type");
		if (status != null && TextStatus.fromWire(status) == null) {
			return validationErrors(List.of("status " + status + " is not one of [created, sending, delivered, "
					+ "permanent-failure, temporary-failure, technical-failure]"));
		}
		List<SentText> texts = this.mock.sentTexts();
		if (olderThan != null) {
			UUID id = parseUuid(olderThan);
			int index = texts.stream().map(SentText::id).toList().indexOf(id);
			texts = (index < 0) ? List.of() : texts.subList(index + 1, texts.size());
		}
		List<Map<String, Object>> page = texts.stream()
			.filter(text -> type == null || "sms".equals(type))
			.filter(text -> reference == null || reference.equals(text.reference()))
			.filter(text -> status == null || text.statusAt(now).wireName().equals(status))
			.limit(PAGE_SIZE)
			.map(text -> notification(text, base, now))
			.toList();
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("current", base + request.getUrl().substring(request.getUrl().indexOf("/v2/notifications")));
		if (page.size() == PAGE_SIZE) {
			links.put("next", base + "/v2/notifications?older_than=" + page.get(PAGE_SIZE - 1).get("id"));
		}
		return JsonResponses.json(200, Map.of("notifications", page, "links", links));
	}

	/**
	 * Every text kept, oldest first, by its reference and when it was accepted: enough to
	 * see that none was sent twice and when the last went, without a number or a word of
	 * what was sent.
	 */
	private ResponseDefinition journal() {
		List<SentText> texts = new ArrayList<>(this.mock.sentTexts());
		java.util.Collections.reverse(texts);
		List<Map<String, Object>> entries = new ArrayList<>();
		for (SentText text : texts) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("reference", text.reference());
			entry.put("created_at", text.createdAt().toString());
			entries.add(entry);
		}
		return JsonResponses.json(200, Map.of("texts", entries));
	}

	private ResponseDefinition setFault(Request request) {
		Map<String, Object> body = JsonResponses.readObject(request.getBodyAsString());
		try {
			MockFault fault = MockFault.fromAdminCall((body != null) ? body : Map.of());
			this.mock.fault(fault);
			return JsonResponses.json(200, Map.of("fault", fault.kind().name()));
		}
		catch (IllegalArgumentException ex) {
			return JsonResponses.json(400, Map.of("error", ex.getMessage()));
		}
	}

	private static Map<String, Object> created(SentText text, String base) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("body", text.body());
		content.put("from_number", "GOVUK");
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", text.id().toString());
		answer.put("reference", text.reference());
		answer.put("content", content);
		answer.put("uri", base + "/v2/notifications/" + text.id());
		answer.put("template", template(text, base));
		return answer;
	}

	private static Map<String, Object> notification(SentText text, String base, Instant now) {
		TextStatus status = text.statusAt(now);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", text.id().toString());
		answer.put("reference", text.reference());
		answer.put("email_address", null);
		answer.put("phone_number", text.phoneNumber());
		for (int line = 1; line <= 6; line++) {
			answer.put("line_" + line, null);
		}
		answer.put("postcode", null);
		answer.put("type", "sms");
		answer.put("status", status.wireName());
		answer.put("template", template(text, base));
		answer.put("body", text.body());
		answer.put("subject", null);
		answer.put("created_at", text.createdAt().toString());
		answer.put("created_by_name", null);
		answer.put("sent_at", (status == TextStatus.CREATED) ? null : text.sendingAt().toString());
		answer.put("completed_at", status.isFinal() ? text.finalAt().toString() : null);
		return answer;
	}

	private static Map<String, Object> template(SentText text, String base) {
		return Map.of("id", text.templateId().toString(), "version", 1, "uri",
				base + "/v2/template/" + text.templateId() + "/version/1");
	}

	private static ResponseDefinition validationErrors(List<String> messages) {
		List<Map<String, String>> errors = messages.stream()
			.map(message -> Map.of("error", "ValidationError", "message", message))
			.toList();
		return JsonResponses.json(400, Map.of("errors", errors, "status_code", 400));
	}

	private static ResponseDefinition badRequest(String error, String message) {
		return JsonResponses.json(400, error(400, error, message));
	}

	private static Map<String, Object> error(int status, String error, String message) {
		return Map.of("errors", List.of(Map.of("error", error, "message", message)), "status_code", status);
	}

	private static String param(Request request, String name) {
		QueryParameter parameter = request.queryParameter(name);
		return (parameter != null && parameter.isPresent()) ? parameter.firstValue() : null;
	}

	private static UUID parseUuid(String raw) {
		try {
			return (raw != null && raw.length() == 36) ? UUID.fromString(raw) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
