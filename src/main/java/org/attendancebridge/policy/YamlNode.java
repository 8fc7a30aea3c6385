package org.attendancebridge.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file, line and key path, so that every error about a
 * configuration file can say exactly where it is. Unknown and duplicate keys are errors:
 * a typo in a policy must never be silently ignored.
 */
public final class YamlNode {

	private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");

	private final Path file;

	private final Node node;

	private final String path;

	private YamlNode(Path file, Node node, String path) {
		this.file = file;
		this.node = node;
		this.path = path;
	}

	/** The {@code *.yaml} files in a folder, sorted by name. */
	public static List<Path> filesIn(Path folder, String what) {
		try (java.util.stream.Stream<Path> listing = Files.list(folder)) {
			return listing.filter((path) -> path.getFileName().toString().endsWith(".yaml"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot list " + what + " in " + folder, ex);
		}
	}

	/** Parses a whole file; aliases are capped so that an alias bomb is refused. */
	public static YamlNode load(Path file) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(20);
		options.setCodePointLimit(4 * 1024 * 1024);
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Node root = new Yaml(options).compose(reader);
			if (root == null) {
				throw new PolicyException(file, 1, "", "the file is empty");
			}
			refuseCycles(file, root, Collections.newSetFromMap(new IdentityHashMap<>()),
					Collections.newSetFromMap(new IdentityHashMap<>()));
			return new YamlNode(file, root, "");
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 1;
			throw new PolicyException(file, line, "", "not valid YAML: " + oneLine(ex.getProblem()));
		}
		catch (IOException ex) {
			throw new PolicyException(file, 0, "", "cannot be read: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			if (ex instanceof PolicyException) {
				throw ex;
			}
			throw new PolicyException(file, 1, "", "not valid YAML: " + oneLine(ex.getMessage()));
		}
	}

	/**
	 * An alias that contains itself would send every reader round in circles. Each node
	 * is checked once however many aliases reach it, so that a few aliases that each
	 * double the one before cannot make the check itself take forever.
	 */
	private static void refuseCycles(Path file, Node node, Set<Node> path, Set<Node> checked) {
		if (!(node instanceof MappingNode || node instanceof SequenceNode) || checked.contains(node)) {
			return;
		}
		if (!path.add(node)) {
			throw new PolicyException(file, node.getStartMark().getLine() + 1, "",
					"an alias refers to the node that contains it");
		}
		if (node instanceof MappingNode mapping) {
			for (NodeTuple tuple : mapping.getValue()) {
				refuseCycles(file, tuple.getKeyNode(), path, checked);
				refuseCycles(file, tuple.getValueNode(), path, checked);
			}
		}
		else {
			for (Node child : ((SequenceNode) node).getValue()) {
				refuseCycles(file, child, path, checked);
			}
		}
		path.remove(node);
		checked.add(node);
	}

	private static String oneLine(String text) {
		return (text == null) ? "syntax error" : text.replaceAll("\\s+", " ").trim();
	}

	public Path file() {
		return this.file;
	}

	public int line() {
		return this.node.getStartMark().getLine() + 1;
	}

	public String path() {
		return this.path;
	}

	public PolicyException error(String problem) {
		return new PolicyException(this.file, line(), this.path, problem);
	}

	public boolean isMapping() {
		return this.node instanceof MappingNode;
	}

	public boolean isSequence() {
		return this.node instanceof SequenceNode;
	}

	public boolean isScalar() {
		return this.node instanceof ScalarNode;
	}

	/** The entries of a mapping, in file order, checked against the keys allowed here. */
	public Map<String, YamlNode> mapping(Set<String> allowed) {
		if (!(this.node instanceof MappingNode mapping)) {
			throw error("expected a mapping of keys to values");
		}
		Map<String, YamlNode> entries = new LinkedHashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
				throw error("keys must be plain words");
			}
			String key = keyNode.getValue();
			String childPath = this.path.isEmpty() ? key : this.path + "." + key;
			int keyLine = keyNode.getStartMark().getLine() + 1;
			if (entries.containsKey(key)) {
				throw new PolicyException(this.file, keyLine, childPath, "key '" + key + "' appears twice");
			}
			if (allowed != null && !allowed.contains(key)) {
				throw new PolicyException(this.file, keyLine, childPath,
						"unknown key '" + key + "' (expected one of " + String.join(", ", allowed) + ")");
			}
			entries.put(key, new YamlNode(this.file, tuple.getValueNode(), childPath));
		}
		return entries;
	}

	public List<YamlNode> sequence() {
		if (this.node instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
			return List.of();
		}
		if (!(this.node instanceof SequenceNode sequence)) {
			throw error("expected a list");
		}
		List<YamlNode> items = new ArrayList<>();
		List<Node> values = sequence.getValue();
		for (int i = 0; i < values.size(); i++) {
			items.add(new YamlNode(this.file, values.get(i), this.path + "[" + i + "]"));
		}
		return items;
	}

	/** A single item or a list of items, as a list. */
	public List<YamlNode> oneOrMany() {
		return isSequence() ? sequence() : List.of(this);
	}

	public String text() {
		if (!(this.node instanceof ScalarNode scalar)) {
			throw error("expected a single value");
		}
		return scalar.getValue();
	}

	public String nonBlankText() {
		String text = text().trim();
		if (text.isEmpty()) {
			throw error("must not be empty");
		}
		return text;
	}

	public double number() {
		String text = text().trim();
		// Plain decimals only: Double.parseDouble would also take NaN, "1e2" and "90f".
		if (!DECIMAL.matcher(text).matches()) {
			throw error("expected a number, not '" + text + "'");
		}
		return Double.parseDouble(text);
	}

	public int wholeNumber(int min, int max) {
		String text = text().trim();
		try {
			int value = Integer.parseInt(text);
			if (value < min || value > max) {
				throw error(value + " is outside " + min + ".." + max);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw error("expected a whole number, not '" + text + "'");
		}
	}

	public boolean bool() {
		String text = text().trim();
		if ("true".equals(text)) {
			return true;
		}
		if ("false".equals(text)) {
			return false;
		}
		throw error("expected true or false, not '" + text + "'");
	}

}
