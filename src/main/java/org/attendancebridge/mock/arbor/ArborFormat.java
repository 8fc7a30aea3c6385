package org.attendancebridge.mock.arbor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attendancebridge.mock.http.Responses;

/**
 * Arbor's shapes for references and dates. Timestamps are written in GMT whatever the
 * season, as Arbor does: a school on BST sees its 08:50 register as 07:50.
 */
final class ArborFormat {

	static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private ArborFormat() {
	}

	static String href(String resource, long id) {
		return "/rest-v2/" + resource + "/" + id;
	}

	static ObjectNode ref(String entityType, String resource, long id, String displayName) {
		ObjectNode ref = Responses.object();
		ref.put("entityType", entityType);
		ref.put("id", id);
		ref.put("href", href(resource, id));
		if (displayName != null) {
			ref.put("displayName", displayName);
		}
		return ref;
	}

	/** A new object with the fields every Arbor object has. */
	static ObjectNode entity(String entityType, String resource, long id, String displayName) {
		return ref(entityType, resource, id, displayName);
	}

	static ObjectNode date(LocalDate date) {
		ObjectNode node = Responses.object();
		node.put("entityType", "date");
		node.put("date", date + " 00:00:00");
		return node;
	}

	static ObjectNode dateTime(Instant instant) {
		ObjectNode node = Responses.object();
		node.put("entityType", "datetime");
		node.put("date", DATE_TIME.format(instant));
		return node;
	}

	/** The id at the end of a reference's href, or the reference's own id. */
	static long idOf(com.fasterxml.jackson.databind.JsonNode ref) {
		if (ref == null || ref.isNull() || ref.isMissingNode()) {
			throw new IllegalArgumentException("missing reference");
		}
		if (ref.has("id")) {
			return ref.get("id").asLong();
		}
		String href = ref.path("href").asText("");
		int slash = href.lastIndexOf('/');
		try {
			return Long.parseLong(href.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("reference without an id: " + href);
		}
	}

}
