package org.attendancebridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.attendancebridge.evaluator.TaskCompletions;

/**
 * Reads {@code tasks.csv} ({@code pupil_id,rule,completed_on}, and optionally
 * {@code template}): the meetings and visits done, which start the reviews of levels
 * whose monitoring period waits for its task. A pupil not in the pupils file, a rule the
 * policy does not have or a date that is not one is an error at its line.
 */
final class TasksCsv {

	static final List<String> COLUMNS = List.of("pupil_id", "rule", "completed_on");

	private TasksCsv() {
	}

	static TaskCompletions read(Path path, Set<String> pupils, Set<String> rules) {
		String file = path.toString();
		List<TaskCompletions.Completion> completions = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			String headerLine = reader.readLine();
			if (headerLine == null || headerLine.isBlank()) {
				throw InputException.at(file, 1, "the file is empty; expected the header " + String.join(",", COLUMNS));
			}
			List<String> header = CsvFields.split(headerLine, file, 1);
			int[] col = CsvFields.columns(header, file, COLUMNS);
			int templateCol = CsvFields.optionalColumn(header, "template");
			long lineNumber = 1;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lineNumber++;
				if (!line.isBlank()) {
					completions.add(completion(CsvFields.split(line, file, lineNumber), col, templateCol, pupils, rules,
							file, lineNumber));
				}
			}
		}
		catch (IOException ex) {
			throw new InputException(file + ": cannot read: " + ex.getMessage());
		}
		return TaskCompletions.of(completions);
	}

	private static TaskCompletions.Completion completion(List<String> fields, int[] col, int templateCol,
			Set<String> pupils, Set<String> rules, String file, long line) {
		int needed = Math.max(templateCol, Math.max(col[0], Math.max(col[1], col[2]))) + 1;
		if (fields.size() < needed) {
			throw InputException.at(file, line, "expected at least " + needed + " fields, found " + fields.size());
		}
		String pupil = fields.get(col[0]);
		if (!pupils.contains(pupil)) {
			throw InputException.at(file, line, "pupil_id: unknown pupil '" + pupil + "' (not in the pupils file)");
		}
		String rule = fields.get(col[1]);
		if (!rules.contains(rule)) {
			throw InputException.at(file, line, "rule: '" + rule + "' is not a rule of the policy");
		}
		LocalDate completedOn;
		try {
			completedOn = LocalDate.parse(fields.get(col[2]));
		}
		catch (DateTimeParseException ex) {
			throw InputException.at(file, line,
					"completed_on: '" + fields.get(col[2]) + "' is not a date (YYYY-MM-DD)");
		}
		String template = (templateCol < 0 || fields.get(templateCol).isEmpty()) ? null : fields.get(templateCol);
		return new TaskCompletions.Completion(pupil, rule, template, completedOn);
	}

}
