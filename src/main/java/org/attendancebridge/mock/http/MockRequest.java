package org.attendancebridge.mock.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Request;

/**
 * A request as a simulated system sees it: method, the path segments after its prefix,
 * decoded query parameters, headers and body.
 */
public final class MockRequest {

	private final Request request;

	private final List<String> segments;

	private final Map<String, List<String>> query;

	private MockRequest(Request request, List<String> segments, Map<String, List<String>> query) {
		this.request = request;
		this.segments = segments;
		this.query = query;
	}

	/** Parses {@code request}, dropping the leading {@code prefix} from its path. */
	public static MockRequest of(Request request, String prefix) {
		URI uri = URI.create(request.getUrl());
		String path = uri.getRawPath();
		if (path.startsWith(prefix)) {
			path = path.substring(prefix.length());
		}
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/")) {
			if (!segment.isEmpty()) {
				segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
			}
		}
		return new MockRequest(request, List.copyOf(segments), parse(uri.getRawQuery()));
	}

	/** Parses {@code a=1&b=2} with URL decoding, keeping repeated names in order. */
	public static Map<String, List<String>> parse(String raw) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return result;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		return result;
	}

	public String method() {
		return this.request.getMethod().getName();
	}

	public boolean isGet() {
		return "GET".equals(method());
	}

	public boolean isPost() {
		return "POST".equals(method());
	}

	public List<String> segments() {
		return this.segments;
	}

	public String segment(int i) {
		return i < this.segments.size() ? this.segments.get(i) : null;
	}

	public List<String> segmentsFrom(int i) {
		return i >= this.segments.size() ? List.of() : this.segments.subList(i, this.segments.size());
	}

	public Map<String, List<String>> query() {
		return this.query;
	}

	public String param(String name) {
		List<String> values = this.query.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	public int intParam(String name, int fallback) {
		String value = param(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new BadRequestException(name + " must be a whole number");
		}
	}

	public String header(String name) {
		return this.request.getHeader(name);
	}

	public String body() {
		return this.request.getBodyAsString();
	}

	/** The body as {@code application/x-www-form-urlencoded} fields. */
	public Map<String, List<String>> form() {
		return parse(body());
	}

	public String formField(String name) {
		List<String> values = form().get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	/** The URL this request came in on, up to and including {@code prefix}. */
	public String baseUrl() {
		URI uri = URI.create(this.request.getAbsoluteUrl());
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	public String url() {
		return this.request.getUrl();
	}

	@Override
	public String toString() {
		return method() + " " + String.join("/", Arrays.asList(this.segments.toArray(String[]::new)));
	}

}
