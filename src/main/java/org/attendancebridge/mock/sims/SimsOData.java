package org.attendancebridge.mock.sims;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.http.Responses;

/**
 * The OData subset the partner API takes: {@code $filter} of comparisons joined by
 * {@code and} (eq, ne, gt, ge, lt, le on a property path such as
 * {@code Attendee/ExternalID}), {@code $top}, {@code $skip}, and an
 * {@code @odata.nextLink} when more than a page (at most 1,000 records) remains.
 */
final class SimsOData {

	static final int MAX_PAGE = 1000;

	private static final Pattern COMPARISON = Pattern.compile(
			"\\s*([A-Za-z][A-Za-z0-9/]*)\\s+(eq|ne|gt|ge|lt|le)\\s+('(?:[^']|'')*'|-?[0-9.]+|true|false|null)\\s*");

	private record Comparison(String path, String op, String value) {
	}

	private SimsOData() {
	}

	static ObjectNode page(MockRequest request, String entitySet, List<ObjectNode> all) {
		return page(request, entitySet, all, o -> o);
	}

	/**
	 * A page of {@code all}, rendering only that page unless a {@code $filter} needs
	 * every item rendered to test it.
	 */
	static <T> ObjectNode page(MockRequest request, String entitySet, List<T> all,
			java.util.function.Function<T, ObjectNode> render) {
		List<Comparison> filter = parse(request.param("$filter"));
		// Unfiltered, only the page is rendered; a filter has to see every item.
		if (!filter.isEmpty()) {
			List<ObjectNode> matching = all.stream()
				.map(render)
				.filter(o -> filter.stream().allMatch(c -> test(o, c)))
				.toList();
			return pageOf(request, entitySet, matching, o -> o);
		}
		return pageOf(request, entitySet, all, render);
	}

	private static <T> ObjectNode pageOf(MockRequest request, String entitySet, List<T> source,
			java.util.function.Function<T, ObjectNode> render) {
		int skip = Math.max(0, request.intParam("$skip", 0));
		int top = Math.min(MAX_PAGE, Math.max(1, request.intParam("$top", MAX_PAGE)));
		int size = source.size();
		ObjectNode body = Responses.object();
		body.put("@odata.context", "$metadata#" + entitySet);
		com.fasterxml.jackson.databind.node.ArrayNode value = body.putArray("value");
		if (skip < size) {
			source.subList(skip, Math.min(size, skip + top)).forEach(item -> value.add(render.apply(item)));
		}
		boolean callerLimited = request.param("$top") != null;
		if (skip + top < size && !callerLimited) {
			String base = request.baseUrl() + request.url().split("\\?")[0];
			StringBuilder next = new StringBuilder(base).append("?$skip=").append(skip + top);
			if (request.param("$filter") != null) {
				next.append("&$filter=")
					.append(java.net.URLEncoder.encode(request.param("$filter"),
							java.nio.charset.StandardCharsets.UTF_8));
			}
			for (String name : List.of("startDate", "endDate")) {
				if (request.param(name) != null) {
					next.append('&').append(name).append('=').append(request.param(name));
				}
			}
			body.put("@odata.nextLink", next.toString());
		}
		return body;
	}

	private static List<Comparison> parse(String filter) {
		List<Comparison> comparisons = new ArrayList<>();
		if (filter == null || filter.isBlank()) {
			return comparisons;
		}
		for (String part : filter.split("(?i)\\s+and\\s+")) {
			Matcher m = COMPARISON.matcher(part);
			if (!m.matches()) {
				throw new BadRequestException("The query specified in the URI is not valid: '" + part.trim() + "'");
			}
			String value = m.group(3);
			if (value.startsWith("'")) {
				value = value.substring(1, value.length() - 1).replace("''", "'");
			}
			comparisons.add(new Comparison(m.group(1), m.group(2), value));
		}
		return comparisons;
	}

	private static boolean test(ObjectNode object, Comparison c) {
		JsonNode node = object;
		for (String part : c.path.split("/")) {
			node = node.path(part);
		}
		if (node.isMissingNode()) {
			throw new BadRequestException("Could not find a property named '" + c.path + "'");
		}
		int compare = node.isNumber() ? Double.compare(node.asDouble(), Double.parseDouble(c.value))
				: node.isNull() ? ("null".equals(c.value) ? 0 : -1) : node.asText().compareTo(c.value);
		return switch (c.op) {
			case "eq" -> compare == 0;
			case "ne" -> compare != 0;
			case "gt" -> compare > 0;
			case "ge" -> compare >= 0;
			case "lt" -> compare < 0;
			default -> compare <= 0;
		};
	}

}
