package org.attendancebridge.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits one CSV record (RFC 4180: commas, double quotes around a field that holds commas
 * or quotes, {@code ""} for a quote) and finds columns by the header's names, so column
 * order is free and extra columns are ignored.
 */
final class CsvFields {

	private CsvFields() {
	}

	static List<String> split(String line, String file, long lineNumber) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == ',') {
				fields.add(wasQuoted ? field.toString() : field.toString().trim());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '"' && field.toString().isBlank()) {
				field.setLength(0);
				quoted = true;
				wasQuoted = true;
			}
			else {
				field.append(c);
			}
		}
		if (quoted) {
			throw InputException.at(file, lineNumber, "a quoted field is not closed");
		}
		fields.add(wasQuoted ? field.toString() : field.toString().trim());
		return fields;
	}

	/**
	 * The index of each required column in the header; a missing one is an error that
	 * lists what the file must start with.
	 */
	static int[] columns(List<String> header, String file, List<String> required) {
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).toLowerCase(Locale.ROOT);
			if (i == 0 && name.startsWith("\uFEFF")) {
				name = name.substring(1);
			}
			if (index.putIfAbsent(name, i) != null) {
				throw InputException.at(file, 1, "column '" + name + "' appears twice in the header");
			}
		}
		int[] columns = new int[required.size()];
		for (int i = 0; i < required.size(); i++) {
			Integer at = index.get(required.get(i));
			if (at == null) {
				throw InputException.at(file, 1, "the header has no column '" + required.get(i) + "' (expected "
						+ String.join(",", required) + ")");
			}
			columns[i] = at;
		}
		return columns;
	}

	/** The index of an optional column, or -1. */
	static int optionalColumn(List<String> header, String name) {
		for (int i = 0; i < header.size(); i++) {
			if (header.get(i).replace("\uFEFF", "").equalsIgnoreCase(name)) {
				return i;
			}
		}
		return -1;
	}

}
