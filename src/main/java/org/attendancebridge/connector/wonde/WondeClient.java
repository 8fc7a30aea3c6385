package org.attendancebridge.connector.wonde;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.WrongType;

/**
 * Wonde's API for one school: {@code {"data":[...],"meta":{"pagination":{...}}}}. Pages
 * are asked for by number while {@code more} is true, never by following the {@code next}
 * link (an address the remote side chose, and sometimes left empty though {@code more} is
 * true). Offset pages shift when data changes mid-read, so an item seen on two pages is
 * taken once.
 */
final class WondeClient {

	static final int PER_PAGE = 200;

	private static final int MAX_PAGES = 5000;

	private final MisHttp http;

	private final MisAuth auth;

	private final String school;

	WondeClient(MisHttp http, MisAuth auth, String school) {
		this.http = http;
		this.auth = auth;
		this.school = school;
	}

	List<JsonNode> list(String path, Map<String, String> parameters) {
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		for (int page = 1; page <= MAX_PAGES; page++) {
			StringBuilder query = new StringBuilder();
			parameters.forEach((name, value) -> query.append(name)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8))
				.append('&'));
			query.append("page=").append(page).append("&per_page=").append(PER_PAGE);
			JsonNode body = this.http.getJson(path, query.toString(), this.auth);
			JsonNode data = body.path("data");
			if (!data.isArray()) {
				throw new MisHttpException(this.school + ": GET " + path + " answered without a 'data' list", 200,
						null);
			}
			for (JsonNode item : data) {
				byId.putIfAbsent(item.path("id").asText(String.valueOf(byId.size())), item);
			}
			// No pagination object at all means everything came on one page.
			if (!more(path, body.path("meta").path("pagination")) || data.isEmpty()) {
				return new ArrayList<>(byId.values());
			}
		}
		throw new MisHttpException(this.school + ": GET " + path + " had more than " + MAX_PAGES + " pages", 200, null);
	}

	/**
	 * Whether more pages follow; a {@code more} of the wrong type leaves the answer
	 * unreadable.
	 */
	private boolean more(String path, JsonNode pagination) {
		try {
			return MisBooleans.isTrue(pagination, "more");
		}
		catch (WrongType ex) {
			throw new MisHttpException(
					this.school + ": GET " + path + " answered an unreadable pagination: " + ex.getMessage(), 200,
					null);
		}
	}

}
