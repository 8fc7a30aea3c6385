package org.attendancebridge.mock.arbor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;

/**
 * Arbor's list query: {@code filters.<property>.<op>=value} with the ops equals, from,
 * to, after, before and in, then {@code page-number} (from 1) and {@code page-size}. A
 * reference property compares by id or href; a date by its {@code Y-m-d H:i:s} text; a
 * property path may be dotted ({@code filters.student.id.equals}).
 */
final class ArborQuery {

	static final int DEFAULT_PAGE_SIZE = 100;

	static final int MAX_PAGE_SIZE = 1000;

	private record Filter(String property, String op, String value) {
	}

	private final List<Filter> filters = new ArrayList<>();

	private final int pageNumber;

	private final int pageSize;

	ArborQuery(MockRequest request) {
		for (Map.Entry<String, List<String>> param : request.query().entrySet()) {
			String name = param.getKey();
			if (!name.startsWith("filters.")) {
				continue;
			}
			int lastDot = name.lastIndexOf('.');
			String op = name.substring(lastDot + 1);
			if (!List.of("equals", "from", "to", "after", "before", "in").contains(op) || lastDot <= 8) {
				throw new BadRequestException("unknown filter '" + name + "'");
			}
			for (String value : param.getValue()) {
				this.filters.add(new Filter(name.substring(8, lastDot), op, value));
			}
		}
		this.pageNumber = Math.max(1, request.intParam("page-number", 1));
		this.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, request.intParam("page-size", DEFAULT_PAGE_SIZE)));
	}

	int pageNumber() {
		return this.pageNumber;
	}

	int pageSize() {
		return this.pageSize;
	}

	List<ObjectNode> apply(List<ObjectNode> all) {
		List<ObjectNode> matching = all.stream().filter(this::matches).toList();
		int from = (this.pageNumber - 1) * this.pageSize;
		if (from >= matching.size()) {
			return List.of();
		}
		return matching.subList(from, Math.min(matching.size(), from + this.pageSize));
	}

	private boolean matches(ObjectNode object) {
		for (Filter filter : this.filters) {
			JsonNode node = object;
			for (String part : filter.property.split("\\.")) {
				node = node.path(part);
			}
			if (!matches(node, filter)) {
				return false;
			}
		}
		return true;
	}

	private static boolean matches(JsonNode node, Filter filter) {
		if (node.isMissingNode()) {
			throw new BadRequestException("unknown property '" + filter.property + "'");
		}
		if ("in".equals(filter.op)) {
			return Arrays.stream(filter.value.split(",")).anyMatch(v -> compare(node, v.trim()) == 0);
		}
		int c = compare(node, filter.value);
		return switch (filter.op) {
			case "equals" -> c == 0;
			case "from" -> c >= 0;
			case "to" -> c <= 0;
			case "after" -> c > 0;
			default -> c < 0;
		};
	}

	/**
	 * Compares a property's value with a filter's text: negative when the value sorts
	 * first.
	 */
	private static int compare(JsonNode node, String value) {
		if (node.isObject() && node.has("href")) {
			String href = node.get("href").asText();
			return (href.equals(value) || href.endsWith("/" + value)) ? 0 : href.compareTo(value);
		}
		if (node.isObject() && node.has("date")) {
			String date = node.get("date").asText();
			String given = value.length() == 10 ? value + " 00:00:00" : value;
			return date.compareTo(given);
		}
		if (node.isNumber()) {
			try {
				return Double.compare(node.asDouble(), Double.parseDouble(value));
			}
			catch (NumberFormatException ex) {
				throw new BadRequestException("'" + value + "' is not a number");
			}
		}
		if (node.isBoolean()) {
			return Boolean.compare(node.asBoolean(), Boolean.parseBoolean(value));
		}
		if (node.isNull()) {
			return "null".equals(value) ? 0 : -1;
		}
		return node.asText().compareTo(value);
	}

}
