package org.attendancebridge.cli;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code --name value} options of one subcommand. An option the command does not
 * know, a missing value or a value given twice is an error naming the option, so a typo
 * never silently falls back to a default.
 */
final class Args {

	private final String command;

	private final Map<String, String> values = new HashMap<>();

	private Args(String command) {
		this.command = command;
	}

	static Args parse(String command, List<String> args, Set<String> known) {
		return parse(command, args, known, Set.of());
	}

	/**
	 * @param flags options that take no value ({@code --online}); given, their value is
	 * {@code true}
	 */
	static Args parse(String command, List<String> args, Set<String> known, Set<String> flags) {
		Args parsed = new Args(command);
		for (int i = 0; i < args.size(); i++) {
			String name = args.get(i);
			if (name.startsWith("--") && flags.contains(name.substring(2))) {
				if (parsed.values.put(name.substring(2), "true") != null) {
					throw new InputException(command + ": " + name + " is given twice");
				}
				continue;
			}
			if (!name.startsWith("--") || !known.contains(name.substring(2))) {
				SortedSet<String> all = new TreeSet<>(known);
				all.addAll(flags);
				throw new InputException(
						command + ": unknown option '" + name + "' (options: --" + String.join(", --", all) + ")");
			}
			if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
				throw new InputException(command + ": " + name + " needs a value");
			}
			if (parsed.values.put(name.substring(2), args.get(++i)) != null) {
				throw new InputException(command + ": " + name + " is given twice");
			}
		}
		return parsed;
	}

	String required(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new InputException(this.command + ": --" + name + " is required");
		}
		return value;
	}

	String optional(String name, String otherwise) {
		return this.values.getOrDefault(name, otherwise);
	}

	boolean has(String name) {
		return this.values.containsKey(name);
	}

	LocalDate date(String name) {
		String text = required(name);
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InputException(this.command + ": --" + name + " '" + text + "' is not a date (YYYY-MM-DD)");
		}
	}

	LocalTime time(String name, LocalTime otherwise) {
		String text = this.values.get(name);
		if (text == null) {
			return otherwise;
		}
		try {
			return LocalTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InputException(this.command + ": --" + name + " '" + text + "' is not a time (HH:MM)");
		}
	}

}
