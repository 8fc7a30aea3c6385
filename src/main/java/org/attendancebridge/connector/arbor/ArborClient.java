package org.attendancebridge.connector.arbor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisAnswerUnreadable;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.WrongType;

/**
 * Arbor's {@code rest-v2} API for one school: lists paged with {@code page-number} and
 * {@code page-size} (an item repeated across pages, as happens when rows shift while we
 * page, is taken once), single objects, and the attendance-records changelog. Arbor puts
 * errors inside the body of a 200; they are raised here like any other failure.
 */
final class ArborClient {

	static final int PAGE_SIZE = 500;

	static final int CHANGELOG_PAGE = 1000;

	/** Lists longer than this are a runaway paging loop, not a school. */
	private static final int MAX_PAGES = 2000;

	private final MisHttp http;

	private final MisAuth auth;

	private final String school;

	ArborClient(MisHttp http, MisAuth auth, String school) {
		this.http = http;
		this.auth = auth;
		this.school = school;
	}

	/**
	 * Every object of a resource that matches the filters ({@code property.op=value}).
	 */
	List<JsonNode> list(String resource, String listKey, Map<String, String> filters) {
		Map<String, JsonNode> byHref = new LinkedHashMap<>();
		for (int page = 1; page <= MAX_PAGES; page++) {
			StringBuilder query = new StringBuilder();
			filters.forEach((filter, value) -> query.append("filters.")
				.append(filter)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8))
				.append('&'));
			query.append("page-number=").append(page).append("&page-size=").append(PAGE_SIZE);
			JsonNode body = checked(resource, this.http.getJson(resource, query.toString(), this.auth));
			JsonNode items = body.path(listKey);
			if (!items.isArray()) {
				throw new MisHttpException(
						this.school + ": GET " + resource + " answered without a '" + listKey + "' list", 200, null);
			}
			for (JsonNode item : items) {
				byHref.putIfAbsent(item.path("href").asText(String.valueOf(byHref.size())), item);
			}
			if (items.size() < PAGE_SIZE) {
				return new ArrayList<>(byHref.values());
			}
		}
		throw new MisHttpException(this.school + ": GET " + resource + " had more than " + MAX_PAGES + " pages", 200,
				null);
	}

	/** One object, e.g. {@code get("attendance-registers", "attendanceRegister", 40)}. */
	JsonNode get(String resource, String singleKey, long id) {
		String path = resource + "/" + id;
		JsonNode object = checked(path, this.http.getJson(path, null, this.auth)).path(singleKey);
		if (!object.isObject()) {
			throw new MisHttpException(this.school + ": GET " + path + " answered without '" + singleKey + "'", 200,
					null);
		}
		return object;
	}

	/** A page of changes to attendance records after a revision. */
	JsonNode changelog(long fromRevision) {
		String query = "from-revision=" + fromRevision + "&page-size=" + CHANGELOG_PAGE;
		return checked("attendance-records/changelog",
				this.http.getJson("attendance-records/changelog", query, this.auth));
	}

	/** POSTs a write in Arbor's {@code {"request":{...}}} envelope. */
	JsonNode post(String resource, Map<String, Object> request) {
		return checked(resource, this.http.postJson(resource, Map.of("request", request), this.auth));
	}

	/** Arbor's quirk: an error inside a 200 body. Its reason is about our request. */
	private JsonNode checked(String path, JsonNode body) {
		JsonNode response = body.path("response");
		boolean failed = response.isObject() && !succeeded(this.school + ": " + path, response, 200)
				&& response.path("code").asInt(200) >= 400;
		boolean errors = response.path("errors").isArray() && !response.path("errors").isEmpty();
		if (failed || errors) {
			throw new MisHttpException(this.school + ": " + path + " was refused: "
					+ response.path("reason").asText("error") + " (" + response.path("errors").size() + " errors)",
					response.path("code").asInt(200), null);
		}
		return body;
	}

	/**
	 * Arbor's envelope's {@code success}; one of the wrong type leaves the answer
	 * unreadable.
	 * @param request the school and the request, to name in the error
	 * @param status the answer's HTTP status
	 */
	static boolean succeeded(String request, JsonNode envelope, int status) {
		try {
			return MisBooleans.isTrue(envelope, "success");
		}
		catch (WrongType ex) {
			throw new MisAnswerUnreadable(request + " answered an unreadable envelope: " + ex.getMessage(), status);
		}
	}

	/**
	 * An object's id, or a reference's: its {@code id}, a whole number (anything else is
	 * {@link WrongType}), else the last part of its {@code href}; -1 if neither.
	 */
	static long idOf(JsonNode ref) {
		Long id = MisNumbers.optionalLong(ref, "id");
		if (id != null) {
			return id;
		}
		String href = ref.path("href").asText("");
		try {
			return Long.parseLong(href.substring(href.lastIndexOf('/') + 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
