package org.attendancebridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a school's {@code pupils.csv} and {@code marks.csv} by hand for CLI tests, and
 * runs a subcommand on them. School days are weekdays from Monday 2 September 2024; a day
 * is a token: one code for both sessions ({@code /}, {@code N}, {@code I}) or
 * {@code AM|PM}.
 */
final class SchoolFiles {

	static final LocalDate FIRST_DAY = LocalDate.of(2024, 9, 2);

	final Path folder;

	private final List<String> pupils = new ArrayList<>();

	private final List<String> marks = new ArrayList<>();

	private LocalDate cursor;

	private String current;

	SchoolFiles(Path folder) {
		this.folder = folder;
	}

	/** A pupil row: {@code flags} among send, pp, vulnerable, eal. */
	SchoolFiles pupil(String id, String yearGroup, String... flags) {
		List<String> f = List.of(flags);
		this.pupils.add(String.join(",", id, "UPN" + id, yearGroup, "" + f.contains("send"), "" + f.contains("pp"),
				"" + f.contains("vulnerable"), "" + f.contains("eal"), f.contains("eal") ? "pl" : "en"));
		this.current = id;
		this.cursor = FIRST_DAY;
		return this;
	}

	SchoolFiles days(int count, String token) {
		for (int i = 0; i < count; i++) {
			then(token);
		}
		return this;
	}

	SchoolFiles then(String tokens) {
		for (String token : tokens.trim().split("\\s+")) {
			while (this.cursor.getDayOfWeek() == DayOfWeek.SATURDAY || this.cursor.getDayOfWeek() == DayOfWeek.SUNDAY) {
				this.cursor = this.cursor.plusDays(1);
			}
			String[] parts = token.split("\\|");
			String am = parts[0];
			String pm = (parts.length > 1) ? parts[1] : (am.equals("/") ? "\\" : am);
			this.marks.add(String.join(",", this.current, this.cursor.toString(), "AM", am, ""));
			this.marks.add(String.join(",", this.current, this.cursor.toString(), "PM", pm, ""));
			this.cursor = this.cursor.plusDays(1);
		}
		return this;
	}

	/** A raw line appended to marks.csv, for bad input. */
	SchoolFiles markLine(String line) {
		this.marks.add(line);
		return this;
	}

	/** The last school day written for the current pupil. */
	LocalDate lastDay() {
		LocalDate day = this.cursor.minusDays(1);
		while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
			day = day.minusDays(1);
		}
		return day;
	}

	Path pupilsFile() {
		return write("pupils.csv", PupilsCsv.COLUMNS.stream().reduce((a, b) -> a + "," + b).orElseThrow(), this.pupils);
	}

	Path marksFile() {
		return write("marks.csv", "pupil_id,date,session,code,minutes_late", this.marks);
	}

	/**
	 * A {@code tasks.csv} of completed tasks, rows as {@code pupil_id,rule,completed_on}.
	 */
	Path tasksFile(String... rows) {
		return write("tasks.csv", "pupil_id,rule,completed_on", List.of(rows));
	}

	private Path write(String name, String header, List<String> rows) {
		Path file = this.folder.resolve(name);
		try {
			Files.writeString(file, header + "\n" + String.join("\n", rows) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** Runs {@code command --policy policies/FILE --pupils .. --marks .. more...}. */
	Run run(String command, String policy, String... more) {
		List<String> args = new ArrayList<>(List.of(command, "--policy", "policies/" + policy, "--pupils",
				pupilsFile().toString(), "--marks", marksFile().toString()));
		args.addAll(List.of(more));
		return Run.of(args.toArray(String[]::new));
	}

	/** What a subcommand printed and returned. */
	record Run(int status, String out, String err) {

		static Run of(String... args) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}

	}

}
