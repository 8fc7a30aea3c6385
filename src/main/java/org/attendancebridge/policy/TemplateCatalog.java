package org.attendancebridge.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The message templates that actions name, loaded from {@code templates/*.yaml} beside
 * the policies. Each template says which action kinds may use it and carries its text per
 * language; English is required, other languages are used for families who speak them.
 */
public final class TemplateCatalog {

	private static final Set<String> TEMPLATE_KEYS = Set.of("for", "subject", "text", "support", "nextStep");

	/**
	 * What a letter's text may name: the figures the letter channel fills in. The store
	 * holds no names, so {@code child_name} and {@code parent_name} are filled as "your
	 * child" and "parent or carer".
	 */
	public static final Set<String> LETTER_PLACEHOLDERS = Set.of("parent_name", "child_name", "attendance_pct",
			"sessions_missed", "days_missed", "hours_lost", "unauthorised_sessions", "school_phone",
			"attendance_officer", "head_of_year", "improvement_period", "support_offered");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([a-z_]+)\\)\\)");

	private final Map<String, Template> templates;

	private TemplateCatalog(Map<String, Template> templates) {
		this.templates = templates;
	}

	/**
	 * A template: the action kinds it serves and its text by language code; a letter may
	 * also say the support offered and the next step (null if it does not).
	 */
	public record Template(String id, Set<ActionKind> kinds, String subject, Map<String, String> text, String support,
			String nextStep) {
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
			kinds.add(ActionKind.planned(kindId)
				.orElseThrow(() -> kindNode.error("unknown action kind '" + kindId + "'")));
		}
		Map<String, String> text = new LinkedHashMap<>();
		for (Map.Entry<String, YamlNode> language : fields.get("text").mapping(null).entrySet()) {
			text.put(language.getKey(), language.getValue().nonBlankText());
		}
		if (!text.containsKey("en")) {
			throw fields.get("text").error("template '" + id + "' has no English text ('en')");
		}
		String subject = fields.containsKey("subject") ? fields.get("subject").nonBlankText() : null;
		String support = fields.containsKey("support") ? fields.get("support").nonBlankText() : null;
		String nextStep = fields.containsKey("nextStep") ? fields.get("nextStep").nonBlankText() : null;
		if (kinds.contains(ActionKind.LETTER)) {
			checkLetterPlaceholders(id, node, subject, text.values(), support, nextStep);
		}
		return new Template(id, Set.copyOf(kinds), subject, Map.copyOf(text), support, nextStep);
	}

	/**
	 * A letter naming a figure the letter channel cannot fill would go out with a gap.
	 */
	private static void checkLetterPlaceholders(String id, YamlNode node, String subject, Collection<String> texts,
			String support, String nextStep) {
		List<String> parts = new ArrayList<>(texts);
		Stream.of(subject, support, nextStep).filter(Objects::nonNull).forEach(parts::add);
		for (String part : parts) {
			Matcher found = PLACEHOLDER.matcher(part);
			while (found.find()) {
				if (!LETTER_PLACEHOLDERS.contains(found.group(1))) {
					throw node.error("letter template '" + id + "' names ((" + found.group(1)
							+ ")), which letters cannot fill (they can: "
							+ String.join(", ", LETTER_PLACEHOLDERS.stream().sorted().toList()) + ")");
				}
			}
		}
	}

	public Optional<Template> get(String id) {
		return Optional.ofNullable(this.templates.get(id));
	}

	public int size() {
		return this.templates.size();
	}

}
