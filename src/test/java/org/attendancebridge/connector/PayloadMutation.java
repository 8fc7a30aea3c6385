package org.attendancebridge.connector;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a MIS answer, as a MIS gone wrong might make it: a field dropped or given
 * the wrong type (a number sent as text or with a fraction among them), null, a huge
 * number, an unknown code, deep nesting, a body cut short, stray bytes, or something else
 * entirely. For JSON the change lands on one node of the parsed body (chosen by
 * {@code node}); for other text (the SIMS XML) on the text.
 *
 * @param target which recorded answer to change (modulo their number)
 * @param node which node or character (modulo their number)
 * @param op what to do
 * @param junk text some changes use
 */
public record PayloadMutation(int target, int node, Op op, String junk) {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String DEEP = "\"__deep__\"";

	/** What a change does. */
	public enum Op {

		REMOVE, RENAME_KEY, NULL, TEXT, NUMBER, NUMBER_AS_TEXT, FRACTION, HUGE_INTEGER, HUGE_DECIMAL, LONG_DIGITS,
		NEGATIVE, BOOLEAN, EMPTY_ARRAY, EMPTY_OBJECT, UNKNOWN_CODE, DATE_NONSENSE, DUPLICATE, DEEP_ARRAY, DEEP_OBJECT,
		TRUNCATE, INSERT, REPLACE_ALL, RANDOM_BYTES

	}

	/** Any change, anywhere. */
	public static Arbitrary<PayloadMutation> any() {
		Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(16),
				Arbitraries.of("", "null", "{", "}", "[", "]", "\"", ",", ":", "<", "&", "\u0000", "\uFFFF", "Q7",
						"ZZZ", "-1", "1e400", "NaN", "99999999999999999999", "<!DOCTYPE x>", "]]>", "<a>", "&amp;"));
		return Combinators
			.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1_000_000),
					Arbitraries.of(Op.class), junk)
			.as(PayloadMutation::new);
	}

	/** Changes that keep a valid JSON answer and land inside one element of its list. */
	public static Arbitrary<PayloadMutation> inRecord() {
		return any().filter((m) -> switch (m.op()) {
			case TRUNCATE, INSERT, REPLACE_ALL, RANDOM_BYTES, DEEP_ARRAY, DEEP_OBJECT, LONG_DIGITS -> false;
			default -> true;
		});
	}

	/**
	 * The recorded answer to change: a resource first (its path without ids), so that one
	 * read of many registers does not crowd out the one list of students, then one of its
	 * answers.
	 */
	public ReplayedMis.Exchanged pick(List<ReplayedMis.Exchanged> answers) {
		Map<String, List<ReplayedMis.Exchanged>> byResource = new java.util.LinkedHashMap<>();
		for (ReplayedMis.Exchanged answer : answers) {
			byResource
				.computeIfAbsent(answer.method() + " " + answer.path().replaceAll("[0-9]+", "#"),
						(r) -> new ArrayList<>())
				.add(answer);
		}
		List<List<ReplayedMis.Exchanged>> resources = new ArrayList<>(byResource.values());
		List<ReplayedMis.Exchanged> resource = resources.get(this.target % resources.size());
		return resource.get((this.target / resources.size()) % resource.size());
	}

	/** The body, changed. */
	public String apply(String body) {
		switch (this.op) {
			case TRUNCATE:
				return body.substring(0, this.node % Math.max(1, body.length()));
			case INSERT: {
				int at = this.node % (body.length() + 1);
				return body.substring(0, at) + this.junk + body.substring(at);
			}
			case REPLACE_ALL:
				return this.junk;
			case RANDOM_BYTES: {
				byte[] bytes = new byte[this.node % 512];
				new java.util.Random(this.node).nextBytes(bytes);
				return new String(bytes, StandardCharsets.ISO_8859_1);
			}
			default:
		}
		JsonNode tree;
		try {
			tree = JSON.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return xml(body);
		}
		if (tree == null || !tree.isContainerNode()) {
			return body;
		}
		return json((ContainerNode<?>) tree, everyNode(tree));
	}

	/**
	 * The body with the change applied inside one element of the array (or object) at
	 * {@code listKey}: one record of a list; the others stay as they were.
	 * @return null when there is no such non-empty list
	 */
	public String applyInRecord(String body, String listKey) {
		JsonNode tree;
		try {
			tree = JSON.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
		JsonNode list = tree.path(listKey);
		if (!list.isContainerNode() || list.isEmpty()) {
			return null;
		}
		// A list, or an object of records by key (Class Charts' days).
		int index = this.target % list.size();
		Map.Entry<String, JsonNode> byKey = list.isArray() ? null
				: list.properties().stream().skip(index).findFirst().orElseThrow();
		JsonNode record = (byKey == null) ? list.get(index) : byKey.getValue();
		if (!record.isContainerNode()) {
			return null;
		}
		List<Slot> slots = everyNode(record);
		slots.remove(0);
		if (byKey != null && this.op == Op.RENAME_KEY) {
			// The record's own key (a day) renamed.
			slots.add(0, new Slot((ObjectNode) list, byKey.getKey(), -1, record));
			return json((ContainerNode<?>) tree, List.of(slots.get(0)));
		}
		if (slots.isEmpty()) {
			return null;
		}
		return json((ContainerNode<?>) tree, slots);
	}

	/** Which record {@link #applyInRecord} changes, of {@code size}. */
	public int recordIndex(int size) {
		return this.target % size;
	}

	/** A node and where it hangs: its parent and its field name or index. */
	private record Slot(ContainerNode<?> parent, String field, int index, JsonNode node) {
	}

	private static List<Slot> everyNode(JsonNode root) {
		List<Slot> slots = new ArrayList<>();
		slots.add(new Slot(null, null, -1, root));
		for (int i = 0; i < slots.size(); i++) {
			JsonNode node = slots.get(i).node();
			if (node instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> field : object.properties()) {
					slots.add(new Slot(object, field.getKey(), -1, field.getValue()));
				}
			}
			else if (node instanceof ArrayNode array) {
				for (int j = 0; j < array.size(); j++) {
					slots.add(new Slot(array, null, j, array.get(j)));
				}
			}
		}
		return slots;
	}

	private String json(ContainerNode<?> root, List<Slot> slots) {
		Slot slot = slots.get(this.node % slots.size());
		if (slot.parent() == null) {
			// The root itself: what replaces it is the whole answer.
			return switch (this.op) {
				case NULL -> "null";
				case EMPTY_ARRAY -> "[]";
				case EMPTY_OBJECT, REMOVE -> "{}";
				case TEXT -> "\"" + this.junk.replace("\\", "").replace("\"", "") + "\"";
				default -> root.toString();
			};
		}
		if (this.op == Op.REMOVE) {
			if (slot.parent() instanceof ObjectNode object) {
				object.remove(slot.field());
			}
			else {
				((ArrayNode) slot.parent()).remove(slot.index());
			}
			return root.toString();
		}
		if (this.op == Op.RENAME_KEY) {
			if (slot.parent() instanceof ObjectNode object) {
				String name = List.of(this.junk, "", "2024-13-45", "2024-02-30", "AM", "PM", "XX", "id", "date")
					.get(this.node % 9);
				object.remove(slot.field());
				object.set(name, slot.node());
			}
			return root.toString();
		}
		if (this.op == Op.DUPLICATE) {
			if (slot.parent() instanceof ArrayNode array) {
				array.insert(slot.index(), slot.node().deepCopy());
			}
			else if (slot.node() instanceof ArrayNode array && !array.isEmpty()) {
				array.add(array.get(0).deepCopy());
			}
			return root.toString();
		}
		JsonNode value = switch (this.op) {
			case NULL -> NODES.nullNode();
			case TEXT -> NODES.textNode(this.junk);
			case NUMBER -> NODES.numberNode(this.node);
			case NUMBER_AS_TEXT -> NODES.textNode(Integer.toString(this.node % 100));
			case FRACTION -> NODES.numberNode(this.node % 100 + 0.7);
			case HUGE_INTEGER -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
			case HUGE_DECIMAL -> NODES.numberNode(new java.math.BigDecimal("1e400"));
			case NEGATIVE -> NODES.numberNode(-1 - (this.node % 1000));
			case BOOLEAN -> NODES.booleanNode(this.node % 2 == 0);
			case EMPTY_ARRAY -> NODES.arrayNode();
			case EMPTY_OBJECT -> NODES.objectNode();
			case UNKNOWN_CODE ->
				NODES.textNode(List.of("Q7", "ZZZ", "?", "", "x", "H", "AM ", "PM1").get(this.node % 8));
			case DATE_NONSENSE -> NODES.textNode(
					List.of("2024-13-45", "9999999-01-01", "yesterday", "2024-02-30 25:61:61", "1").get(this.node % 5));
			case LONG_DIGITS -> NODES.textNode("__long__");
			default -> NODES.textNode("__deep__");
		};
		if (slot.parent() instanceof ObjectNode object) {
			object.set(slot.field(), value);
		}
		else {
			((ArrayNode) slot.parent()).set(slot.index(), value);
		}
		String text = root.toString();
		return switch (this.op) {
			case DEEP_ARRAY -> text.replace(DEEP, "[".repeat(depth()) + "]".repeat(depth()));
			case DEEP_OBJECT -> text.replace(DEEP, "{\"a\":".repeat(depth()) + "1" + "}".repeat(depth()));
			case LONG_DIGITS -> text.replace("\"__long__\"", "9".repeat(5000));
			default -> text;
		};
	}

	/** Beyond the parser's nesting limit half of the time, within it otherwise. */
	private int depth() {
		return (this.node % 2 == 0) ? 5_000 : 200;
	}

	/** XML: an element's text emptied or the element dropped, or junk inserted. */
	private String xml(String body) {
		List<int[]> elements = new ArrayList<>();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([A-Za-z_]+)>([^<]*)</\\1>").matcher(body);
		while (m.find()) {
			elements.add(new int[] { m.start(), m.end(), m.start(2), m.end(2) });
		}
		if (elements.isEmpty()) {
			return body;
		}
		int[] e = elements.get(this.node % elements.size());
		return switch (this.op) {
			case REMOVE -> body.substring(0, e[0]) + body.substring(e[1]);
			case NULL, EMPTY_OBJECT, EMPTY_ARRAY -> body.substring(0, e[2]) + body.substring(e[3]);
			case DUPLICATE -> body.substring(0, e[1]) + body.substring(e[0], e[1]) + body.substring(e[1]);
			case UNKNOWN_CODE -> body.substring(0, e[2]) + "Q7" + body.substring(e[3]);
			case LONG_DIGITS -> body.substring(0, e[2]) + "9".repeat(5000) + body.substring(e[3]);
			default ->
				body.substring(0, e[2]) + this.junk.replace("&", "&amp;").replace("<", "&lt;") + body.substring(e[3]);
		};
	}

}
