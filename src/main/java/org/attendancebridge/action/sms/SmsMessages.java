package org.attendancebridge.action.sms;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attendancebridge.policy.TemplateCatalog;

/**
 * Renders a text from {@code policies/templates/} in the family's language where the
 * template has it, else in English. Only values the adapter holds are filled in (the
 * school's name and phone); a template asking for anything else cannot be sent, and says
 * which placeholder is missing.
 */
final class SmsMessages {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^)]+)\\)\\)");

	private final TemplateCatalog templates;

	SmsMessages(TemplateCatalog templates) {
		this.templates = templates;
	}

	/** A rendered text, or why there is none. */
	record Rendered(String text, String language, String problem) {
	}

	Rendered render(String templateId, String language, Map<String, String> values) {
		TemplateCatalog.Template template = this.templates.get(templateId).orElse(null);
		if (template == null) {
			return new Rendered(null, null, "no template '" + templateId + "' in policies/templates");
		}
		String chosen = template.text().containsKey(language) ? language : "en";
		Matcher matcher = PLACEHOLDER.matcher(template.text().get(chosen));
		StringBuilder text = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				return new Rendered(null, chosen, "template '" + templateId + "' needs ((" + matcher.group(1)
						+ ")), which the adapter does not hold for this school");
			}
			matcher.appendReplacement(text, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(text);
		return new Rendered(text.toString(), chosen, null);
	}

}
