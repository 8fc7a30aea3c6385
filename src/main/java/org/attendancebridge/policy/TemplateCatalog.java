package org.attendancebridge.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The message templates that actions name, loaded from {@code templates/*.yaml} beside
 * the policies. Each template says which action kinds may use it and carries its text per
 * language; English is required, other languages are used for families who speak them.
 */
public final class TemplateCatalog {

	private static final Set<String> TEMPLATE_KEYS = Set.of("for", "subject", "text");

	private final Map<String, Template> templates;

	private TemplateCatalog(Map<String, Template> templates) {
		this.templates = templates;
	}

	/** A template: the action kinds it serves and its text by language code. */
	public record Template(String id, Set<ActionKind> kinds, String subject, Map<String, String> text) {
	}

	public static TemplateCatalog empty() {
		return new TemplateCatalog(Map.of());
	}

	/** Loads every {@code *.yaml} in the folder; a missing folder is an empty catalog. */
	public static TemplateCatalog load(Path folder) {
		Map<String, Template> templates = new LinkedHashMap<>();
		if (!Files.isDirectory(folder)) {
			return new TemplateCatalog(templates);
		}
		List<Path> files = new ArrayList<>();
		try (Stream<Path> listing = Files.list(folder)) {
			listing.filter((path) -> path.getFileName().toString().endsWith(".yaml")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list templates in " + folder, ex);
		}
		for (Path file : files) {
			YamlNode root = YamlNode.load(file);
			for (Map.Entry<String, YamlNode> entry : root.mapping(null).entrySet()) {
				if (templates.containsKey(entry.getKey())) {
					throw entry.getValue().error("template '" + entry.getKey() + "' is defined twice");
				}
				templates.put(entry.getKey(), readTemplate(entry.getKey(), entry.getValue()));
			}
		}
		return new TemplateCatalog(templates);
	}

	private static Template readTemplate(String id, YamlNode node) {
		Map<String, YamlNode> fields = node.mapping(TEMPLATE_KEYS);
		if (!fields.containsKey("for") || !fields.containsKey("text")) {
			throw node.error("a template needs 'for' (action kinds) and 'text' (by language)");
		}
		Set<ActionKind> kinds = new java.util.LinkedHashSet<>();
		for (YamlNode kindNode : fields.get("for").oneOrMany()) {
			String kindId = kindNode.nonBlankText();
			kinds.add(ActionKind.of(kindId).orElseThrow(() -> kindNode.error("unknown action kind '" + kindId + "'")));
		}
		Map<String, String> text = new LinkedHashMap<>();
		for (Map.Entry<String, YamlNode> language : fields.get("text").mapping(null).entrySet()) {
			text.put(language.getKey(), language.getValue().nonBlankText());
		}
		if (!text.containsKey("en")) {
			throw fields.get("text").error("template '" + id + "' has no English text ('en')");
		}
		String subject = fields.containsKey("subject") ? fields.get("subject").nonBlankText() : null;
		return new Template(id, Set.copyOf(kinds), subject, Map.copyOf(text));
	}

	public Optional<Template> get(String id) {
		return Optional.ofNullable(this.templates.get(id));
	}

	public int size() {
		return this.templates.size();
	}

}
