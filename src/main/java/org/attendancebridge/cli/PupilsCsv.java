package org.attendancebridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

/**
 * Reads {@code pupils.csv}:
 * {@code pupil_id,upn,year_group,send,pupil_premium,vulnerable,eal,home_language}, flags
 * {@code true}/{@code false}. A pupil listed twice, an empty id or a flag that is neither
 * is an error at its line.
 */
final class PupilsCsv {

	static final List<String> COLUMNS = List.of("pupil_id", "upn", "year_group", "send", "pupil_premium", "vulnerable",
			"eal", "home_language");

	private static final PupilFlag[] FLAG_COLUMNS = { PupilFlag.SEND, PupilFlag.PUPIL_PREMIUM, PupilFlag.VULNERABLE,
			PupilFlag.EAL };

	private PupilsCsv() {
	}

	/** The pupils by id, in file order. */
	static Map<String, Pupil> read(Path path) {
		String file = path.toString();
		Map<String, Pupil> pupils = new LinkedHashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			String headerLine = reader.readLine();
			if (headerLine == null) {
				throw InputException.at(file, 1, "the file is empty; expected the header " + String.join(",", COLUMNS));
			}
			int[] col = CsvFields.columns(CsvFields.split(headerLine, file, 1), file, COLUMNS);
			long lineNumber = 1;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lineNumber++;
				if (line.isBlank()) {
					continue;
				}
				Pupil pupil = pupil(CsvFields.split(line, file, lineNumber), col, file, lineNumber);
				if (pupils.putIfAbsent(pupil.id(), pupil) != null) {
					throw InputException.at(file, lineNumber, "pupil_id: pupil '" + pupil.id() + "' is listed twice");
				}
			}
		}
		catch (IOException ex) {
			throw new InputException(file + ": cannot read: " + ex.getMessage());
		}
		return pupils;
	}

	private static Pupil pupil(List<String> fields, int[] col, String file, long line) {
		int needed = 0;
		for (int c : col) {
			needed = Math.max(needed, c + 1);
		}
		if (fields.size() < needed) {
			throw InputException.at(file, line, "expected at least " + needed + " fields, found " + fields.size());
		}
		String id = fields.get(col[0]);
		if (id.isEmpty()) {
			throw InputException.at(file, line, "pupil_id: is empty");
		}
		Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
		for (int f = 0; f < FLAG_COLUMNS.length; f++) {
			String value = fields.get(col[3 + f]);
			if (bool(value, COLUMNS.get(3 + f), file, line)) {
				flags.add(FLAG_COLUMNS[f]);
			}
		}
		String upn = fields.get(col[1]);
		String language = fields.get(col[7]).isEmpty() ? "en" : fields.get(col[7]);
		return new Pupil(id, upn.isEmpty() ? null : upn, fields.get(col[2]), null, flags, language, new ArrayList<>(),
				Map.of());
	}

	private static boolean bool(String value, String column, String file, long line) {
		if ("true".equalsIgnoreCase(value)) {
			return true;
		}
		if ("false".equalsIgnoreCase(value) || value.isEmpty()) {
			return false;
		}
		throw InputException.at(file, line, column + ": '" + value + "' is not true or false");
	}

}
