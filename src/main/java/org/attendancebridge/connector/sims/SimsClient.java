package org.attendancebridge.connector.sims;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;

/**
 * The SIMS partner API for one school: OData lists of {@code {"value":[...]}} pages. A
 * page's {@code @odata.nextLink} is followed, but only below the connector's own base URL
 * (an address the remote side wrote is never trusted further). A full page without a link
 * (SIMS leaves it off when the caller set {@code $top}) is not taken as the end: the next
 * {@code $skip} is asked for, and only a short or empty page ends a list. Offset pages
 * shift when records change mid-read, so a record seen twice is taken once, in its last
 * state.
 */
final class SimsClient {

	/** SIMS's own page: it sends a continuation link after this many records. */
	static final int SERVER_PAGE = 1000;

	/** Lists longer than this are a runaway paging loop, not a school. */
	private static final int MAX_PAGES = 5000;

	private final MisHttp http;

	private final MisAuth auth;

	private final String school;

	private final URI base;

	private final Integer pageSize;

	/**
	 * @param pageSize the {@code $top} to ask for, or null to take SIMS's own pages
	 */
	SimsClient(MisHttp http, MisAuth auth, ConnectorConfig school, Integer pageSize) {
		this.http = http;
		this.auth = auth;
		this.school = school.id();
		String url = school.baseUrl().toString();
		this.base = URI.create(url.endsWith("/") ? url : url + "/");
		this.pageSize = pageSize;
	}

	/** Where a continuation link points: a path below the base URL, and its query. */
	private record Next(String path, String query) {
	}

	/** One list read to its end, with what SIMS reports about its paging. */
	record Listing(List<JsonNode> records, boolean repeated) {
	}

	/** Every record of a resource, e.g. {@code list("LearnerIdentifiers", Map.of())}. */
	Listing list(String path, Map<String, String> parameters) {
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		boolean repeated = false;
		String nextPath = path;
		String query = query(parameters, 0);
		int skip = 0;
		for (int page = 1; page <= MAX_PAGES; page++) {
			JsonNode body = this.http.getJson(nextPath, query, this.auth);
			JsonNode value = body.path("value");
			if (!value.isArray()) {
				throw new MisHttpException(this.school + ": GET " + path + " answered without a 'value' list", 200,
						null);
			}
			for (JsonNode item : value) {
				String id = item.path("ExternalID").asText("");
				if (id.isEmpty()) {
					// Cannot be told apart from the others: kept, for its reader to
					// report (one bad record does not cost the rest of the list).
					byId.put("\u0000" + byId.size(), item);
					continue;
				}
				// The last state of a record seen twice wins; its first place is kept.
				repeated |= byId.put(id, item) != null;
			}
			skip += value.size();
			String link = body.path("@odata.nextLink").asText("");
			if (!link.isEmpty()) {
				Next next = follow(path, link);
				nextPath = next.path();
				query = next.query();
				continue;
			}
			int full = (this.pageSize != null) ? this.pageSize : SERVER_PAGE;
			if (value.size() < full) {
				return new Listing(new ArrayList<>(byId.values()), repeated);
			}
			nextPath = path;
			query = query(parameters, skip);
		}
		throw new MisHttpException(this.school + ": GET " + path + " had more than " + MAX_PAGES + " pages", 200, null);
	}

	/** Records or sessions between two days, both included (at most 90 days apart). */
	Listing window(String path, LocalDate from, LocalDate to) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("startDate", from.toString());
		parameters.put("endDate", to.toString());
		return list(path, parameters);
	}

	/** The school's code table, as SIMS 7 XML. */
	SimsCodeTable codeTable() {
		MisHttp.Response response = this.http.send("GET", "AttendanceCodes", null, null, null, this.auth);
		if (!response.ok()) {
			throw new MisHttpException(this.school + ": GET AttendanceCodes answered HTTP " + response.status(),
					response.status(), null);
		}
		return SimsCodeTable.parse(this.school, response.body());
	}

	private String query(Map<String, String> parameters, int skip) {
		StringBuilder query = new StringBuilder();
		parameters.forEach((name, value) -> query.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8))
			.append('&'));
		if (this.pageSize != null) {
			query.append("$top=").append(this.pageSize).append('&');
		}
		if (skip > 0) {
			query.append("$skip=").append(skip).append('&');
		}
		return query.isEmpty() ? null : query.substring(0, query.length() - 1);
	}

	/**
	 * A continuation link as the path and query to ask next; refused unless it points
	 * below the base URL.
	 */
	private Next follow(String path, String link) {
		URI next;
		try {
			next = this.base.resolve(link);
		}
		catch (IllegalArgumentException ex) {
			throw new MisHttpException(this.school + ": GET " + path + " answered a malformed @odata.nextLink", 200,
					null);
		}
		String basePath = this.base.getRawPath();
		boolean sameOrigin = this.base.getScheme().equalsIgnoreCase(String.valueOf(next.getScheme()))
				&& this.base.getHost().equalsIgnoreCase(String.valueOf(next.getHost()))
				&& this.base.getPort() == next.getPort();
		String nextPath = next.getRawPath();
		if (!sameOrigin || nextPath == null || !nextPath.startsWith(basePath)
				|| nextPath.length() == basePath.length()) {
			throw new MisHttpException(
					this.school + ": GET " + path + " answered an @odata.nextLink outside the connector's base URL",
					200, null);
		}
		return new Next(nextPath.substring(basePath.length()), next.getRawQuery());
	}

}
