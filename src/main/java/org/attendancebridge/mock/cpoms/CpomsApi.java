package org.attendancebridge.mock.cpoms;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * The HTTP side of {@link CpomsMock}: stubs per endpoint, answered from the mock's state.
 */
final class CpomsApi implements ResponseDefinitionTransformerV2 {

	static final String NAME = "cpoms-api";

	/**
	 * A UPN: a check letter, 12 digits, the last of which may be a letter in a temporary
	 * UPN.
	 */
	private static final Pattern UPN = Pattern.compile("[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]");

	private final CpomsMock mock;

	CpomsApi(CpomsMock mock) {
		this.mock = mock;
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
		server.stubFor(get(urlPathEqualTo(prefix + "/api/v1/categories")).willReturn(op("categories")));
		server.stubFor(post(urlPathEqualTo(prefix + "/api/v1/incidents")).willReturn(op("create")));
		server.stubFor(get(urlPathEqualTo(prefix + "/api/v1/incidents")).willReturn(op("list")));
		server.stubFor(get(urlPathMatching(prefix + "/api/v1/incidents/[0-9]+")).willReturn(op("get")));
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
		if ("set-fault".equals(op)) {
			return setFault(request);
		}
		if ("clear-fault".equals(op)) {
			this.mock.clearFault();
			return JsonResponses.noContent();
		}
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Token ") || !this.mock.tokenMatches(header.substring(6).trim())) {
			return JsonResponses.json(401, Map.of("error", "Invalid or missing API token"));
		}
		return switch (op) {
			case "categories" ->
				JsonResponses.json(200, CpomsMock.CATEGORIES.stream().map(CpomsApi::category).toList());
			case "create" -> create(request);
			case "get" -> getOne(request);
			default -> list(request);
		};
	}

	private ResponseDefinition create(Request request) {
		Map<String, Object> body = JsonResponses.readObject(request.getBodyAsString());
		if (body == null) {
			return JsonResponses.json(400, Map.of("error", "The body must be a JSON object"));
		}
		Map<String, List<String>> errors = new LinkedHashMap<>();
		Object upn = body.get("student_upn");
		if (!(upn instanceof String text) || text.isBlank()) {
			errors.put("student_upn", List.of("can't be blank"));
		}
		else if (!UPN.matcher(text).matches()) {
			errors.put("student_upn", List.of("is not a valid UPN"));
		}
		List<Integer> categoryIds = integers(body.get("category_ids"), "category_ids", errors);
		if (categoryIds != null && categoryIds.isEmpty() && !errors.containsKey("category_ids")) {
			errors.put("category_ids", List.of("can't be empty"));
		}
		if (categoryIds != null) {
			List<String> unknown = categoryIds.stream()
				.filter(id -> CpomsMock.CATEGORIES.stream().noneMatch(category -> category.id() == id))
				.map(id -> "unknown category " + id)
				.toList();
			if (!unknown.isEmpty()) {
				errors.put("category_ids", unknown);
			}
		}
		if (!(body.get("incident_text") instanceof String text) || text.isBlank()) {
			errors.put("incident_text", List.of("can't be blank"));
		}
		Object occurredAt = body.get("occurred_at");
		if (!(occurredAt instanceof String when)) {
			errors.put("occurred_at", List.of("can't be blank"));
		}
		else if (!isTimestamp(when)) {
			errors.put("occurred_at", List.of("must be an ISO-8601 date-time with an offset"));
		}
		List<Integer> alertUserIds = integers(body.getOrDefault("alert_user_ids", List.of()), "alert_user_ids", errors);
		Object externalRef = body.get("external_ref");
		if (externalRef != null && !(externalRef instanceof String)) {
			errors.put("external_ref", List.of("must be a string"));
		}
		if (!errors.isEmpty()) {
			return JsonResponses.json(422, Map.of("errors", errors));
		}
		Optional<MockFault> fault = this.mock.faults().takeForWrite();
		if (fault.isPresent() && !fault.get().recorded()) {
			return playFault(fault.get(), null);
		}
		Incident incident = this.mock.record((String) upn, categoryIds, (String) body.get("incident_text"),
				(String) occurredAt, alertUserIds, (String) externalRef);
		ResponseDefinition created = JsonResponses.late(201, Map.of("id", incident.id()), fault);
		return fault.map(f -> playFault(f, created)).orElse(created);
	}

	private static ResponseDefinition playFault(MockFault fault, ResponseDefinition normal) {
		return switch (fault.kind()) {
			case SERVER_ERROR -> JsonResponses.json(fault.status(), Map.of("error", "Internal server error"));
			case CONNECTION_RESET -> JsonResponses.connectionReset();
			case RATE_LIMITED -> JsonResponses.builder(429, Map.of("error", "Too many requests"))
				.withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()))
				.build();
			case MAINTENANCE_PAGE -> JsonResponses.maintenancePage();
			case SLOW, TRICKLE, TRICKLE_FIXED_LENGTH -> normal;
		};
	}

	private ResponseDefinition list(Request request) {
		QueryParameter ref = request.queryParameter("external_ref");
		List<Incident> found = (ref != null && ref.isPresent()) ? this.mock.incidentsWithExternalRef(ref.firstValue())
				: this.mock.incidents();
		return JsonResponses.json(200, found.stream().map(CpomsApi::incident).toList());
	}

	private ResponseDefinition getOne(Request request) {
		String path = request.getUrl().split("\\?")[0];
		Incident incident = this.mock.incident(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
		return (incident != null) ? JsonResponses.json(200, incident(incident))
				: JsonResponses.json(404, Map.of("error", "Incident not found"));
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

	private static List<Integer> integers(Object value, String field, Map<String, List<String>> errors) {
		if (!(value instanceof List<?> list)) {
			errors.put(field, List.of("must be an array of ids"));
			return null;
		}
		List<Integer> ids = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof Integer id)) {
				errors.put(field, List.of("must be an array of ids"));
				return null;
			}
			ids.add(id);
		}
		return ids;
	}

	private static boolean isTimestamp(String value) {
		try {
			OffsetDateTime.parse(value);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static Map<String, Object> category(Category category) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", category.id());
		json.put("name", category.name());
		json.put("parent_id", category.parentId());
		return json;
	}

	private static Map<String, Object> incident(Incident incident) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", incident.id());
		json.put("student_upn", incident.studentUpn());
		json.put("category_ids", incident.categoryIds());
		json.put("incident_text", incident.incidentText());
		json.put("occurred_at", incident.occurredAt());
		json.put("alert_user_ids", incident.alertUserIds());
		json.put("external_ref", incident.externalRef());
		json.put("created_at", incident.createdAt().toString());
		return json;
	}

}
