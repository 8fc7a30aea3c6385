package org.attendancebridge.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.UnknownCodeException;

/**
 * Parses one slice of {@code marks.csv} (whole lines) into compact rows. Slices are
 * parsed side by side, so each keeps its own tables; the file's reader merges them. Each
 * byte is looked at once, dates and codes are decoded once per distinct value, and the
 * common case (a pupil's marks together) skips the id lookup. A record with a quote falls
 * back to full CSV parsing.
 */
final class MarksChunk {

	/** Register dates outside 1900..2199 are typing mistakes. */
	private static final int FIRST_YEAR = 1900;

	private static final int YEARS = 300;

	/** A problem at a line counted from the start of the slice. */
	static final class Problem extends RuntimeException {

		final int line;

		Problem(int line, String message) {
			super(message, null, false, false);
			this.line = line;
		}

	}

	private final ByteBuffer buf;

	private final int from;

	private final int to;

	private final int[] col;

	private final int minutesCol;

	private final Map<String, Integer> pupilIndex;

	private int fieldCount;

	private int[] fieldStart = new int[8];

	private int[] fieldEnd = new int[8];

	/** Date id by (year, month, day) key, -1 for a date not seen yet. */
	private final int[] dateIdOf = new int[YEARS * 12 * 31];

	final List<LocalDate> dates = new ArrayList<>();

	private final DfeCode[] codes = new DfeCode[1 << 16];

	/**
	 * Per row: pupil index << 32 | date id << 9 | session << 8 | code ordinal. One long a
	 * row keeps a year of marks in a few tens of megabytes.
	 */
	long[] rows;

	int rowCount;

	/** Lines read, when the slice was read to its end. */
	int lines;

	/** The first problem, or null. */
	Problem problem;

	private int lastPupilFrom = -1;

	private int lastPupilLength = -1;

	private int lastPupilIndex;

	MarksChunk(ByteBuffer buf, int from, int to, int[] col, int minutesCol, Map<String, Integer> pupilIndex) {
		this.buf = buf;
		this.from = from;
		this.to = to;
		this.col = col;
		this.minutesCol = minutesCol;
		this.pupilIndex = pupilIndex;
		Arrays.fill(this.dateIdOf, -1);
		// Sized from the lines up front: growing arrays of millions of rows by copying
		// costs more than counting newlines.
		int lines = 1;
		for (int i = from; i < to; i++) {
			if (buf.get(i) == '\n') {
				lines++;
			}
		}
		this.rows = new long[lines];
	}

	/** Parses the slice, stopping at the first problem. */
	void parse() {
		int line = 0;
		try {
			int i = this.from;
			while (i < this.to) {
				line++;
				this.fieldCount = 0;
				int fieldFrom = i;
				boolean quoted = false;
				for (; i < this.to; i++) {
					byte b = this.buf.get(i);
					if (b == ',') {
						addField(fieldFrom, i);
						fieldFrom = i + 1;
					}
					else if (b == '\n') {
						break;
					}
					else if (b == '"') {
						quoted = true;
					}
				}
				int end = (i > fieldFrom && this.buf.get(i - 1) == '\r') ? i - 1 : i;
				addField(fieldFrom, end);
				i++;
				if (this.fieldCount == 1 && this.fieldStart[0] == this.fieldEnd[0]) {
					continue;
				}
				if (quoted) {
					unquote(line);
				}
				else {
					record(line);
				}
			}
			this.lines = line;
		}
		catch (Problem ex) {
			this.problem = ex;
		}
	}

	/** Trims spaces around a field, as the CSV readers people use do. */
	private void addField(int start, int end) {
		while (start < end && this.buf.get(start) == ' ') {
			start++;
		}
		while (end > start && this.buf.get(end - 1) == ' ') {
			end--;
		}
		if (this.fieldCount == this.fieldStart.length) {
			this.fieldStart = Arrays.copyOf(this.fieldStart, this.fieldCount * 2);
			this.fieldEnd = Arrays.copyOf(this.fieldEnd, this.fieldCount * 2);
		}
		this.fieldStart[this.fieldCount] = start;
		this.fieldEnd[this.fieldCount] = end;
		this.fieldCount++;
	}

	private void record(int line) {
		if (this.fieldCount < this.col.length) {
			throw new Problem(line, "expected " + String.join(",", MarksCsv.COLUMNS) + ",minutes_late, found "
					+ this.fieldCount + " fields");
		}
		int pupil = pupil(line);
		int date = date(this.fieldStart[this.col[1]], this.fieldEnd[this.col[1]], line);
		Session session = session(this.fieldStart[this.col[2]], this.fieldEnd[this.col[2]], line);
		DfeCode code = code(this.fieldStart[this.col[3]], this.fieldEnd[this.col[3]], date, line);
		if (this.minutesCol >= 0 && this.minutesCol < this.fieldCount
				&& this.fieldEnd[this.minutesCol] > this.fieldStart[this.minutesCol]) {
			minutes(text(this.fieldStart[this.minutesCol], this.fieldEnd[this.minutesCol]), line);
		}
		addRow(pupil, date << 9 | session.ordinal() << 8 | code.ordinal());
	}

	private void addRow(int pupil, int mark) {
		this.rows[this.rowCount++] = (long) pupil << 32 | mark;
	}

	static int pupilOf(long row) {
		return (int) (row >>> 32);
	}

	static int markOf(long row) {
		return (int) row;
	}

	/**
	 * The line of a row, counted from the start of the slice, found by reading the slice
	 * again: only an error needs it, so rows do not carry it.
	 */
	int lineOfRow(int row) {
		int line = 0;
		int records = 0;
		int i = this.from;
		while (i < this.to) {
			line++;
			int start = i;
			while (i < this.to && this.buf.get(i) != '\n') {
				i++;
			}
			boolean blank = true;
			for (int j = start; j < i; j++) {
				byte b = this.buf.get(j);
				if (b != ' ' && b != '\r') {
					blank = false;
					break;
				}
			}
			i++;
			if (!blank && records++ == row) {
				return line;
			}
		}
		return line;
	}

	/**
	 * A record with quotes: the fields are unquoted into a buffer of their own and parsed
	 * as usual. A quote or comma inside a field is never valid in these columns.
	 */
	private void unquote(int line) {
		int start = this.fieldStart[0];
		int end = this.fieldEnd[this.fieldCount - 1];
		List<String> fields;
		try {
			fields = CsvFields.split(text(start, end), "", line);
		}
		catch (InputException ex) {
			throw new Problem(line, "a quoted field is not closed");
		}
		if (fields.stream().anyMatch((f) -> f.contains(",") || f.contains("\""))) {
			throw new Problem(line, "a field holds a quote or a comma; ids, dates, sessions and codes cannot");
		}
		byte[] plain = (String.join(",", fields) + "\n").getBytes(StandardCharsets.UTF_8);
		MarksChunk one = new MarksChunk(ByteBuffer.wrap(plain), 0, plain.length, this.col, this.minutesCol,
				this.pupilIndex);
		one.parse();
		if (one.problem != null) {
			throw new Problem(line, one.problem.getMessage());
		}
		int mark = markOf(one.rows[0]);
		LocalDate date = one.dates.get(mark >>> 9);
		int key = ((date.getYear() - FIRST_YEAR) * 12 + date.getMonthValue() - 1) * 31 + date.getDayOfMonth() - 1;
		int id = this.dateIdOf[key];
		if (id < 0) {
			id = newDate(key, date, line);
		}
		addRow(pupilOf(one.rows[0]), id << 9 | (mark & 0x1FF));
	}

	private String text(int start, int end) {
		byte[] bytes = new byte[end - start];
		this.buf.get(start, bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private int pupil(int line) {
		int start = this.fieldStart[this.col[0]];
		int length = this.fieldEnd[this.col[0]] - start;
		if (length == this.lastPupilLength && sameBytes(start, this.lastPupilFrom, length)) {
			this.lastPupilFrom = start;
			return this.lastPupilIndex;
		}
		String id = text(start, start + length);
		if (id.isEmpty()) {
			throw new Problem(line, "pupil_id: is empty");
		}
		Integer index = this.pupilIndex.get(id);
		if (index == null) {
			throw new Problem(line, "pupil_id: unknown pupil '" + id + "' (not in the pupils file)");
		}
		this.lastPupilFrom = start;
		this.lastPupilLength = length;
		this.lastPupilIndex = index;
		return index;
	}

	/** A plain loop: for ids a few bytes long it beats a vectorised compare's set-up. */
	private boolean sameBytes(int a, int b, int length) {
		for (int i = 0; i < length; i++) {
			if (this.buf.get(a + i) != this.buf.get(b + i)) {
				return false;
			}
		}
		return true;
	}

	/** The id of a YYYY-MM-DD date; each distinct date is decoded once. */
	private int date(int start, int end, int line) {
		if (end - start != 10 || this.buf.get(start + 4) != '-' || this.buf.get(start + 7) != '-') {
			throw badDate(start, end, line);
		}
		int year = digits(start, start + 4);
		int month = digits(start + 5, start + 7);
		int day = digits(start + 8, start + 10);
		if (year < FIRST_YEAR || year >= FIRST_YEAR + YEARS || month < 1 || month > 12 || day < 1 || day > 31) {
			throw badDate(start, end, line);
		}
		int key = ((year - FIRST_YEAR) * 12 + month - 1) * 31 + day - 1;
		int id = this.dateIdOf[key];
		if (id >= 0) {
			return id;
		}
		try {
			return newDate(key, LocalDate.of(year, month, day), line);
		}
		catch (DateTimeException ex) {
			throw badDate(start, end, line);
		}
	}

	private int newDate(int key, LocalDate date, int line) {
		if (this.dates.size() == MarksCsv.MAX_DATES) {
			throw new Problem(line, "date: more than " + MarksCsv.MAX_DATES + " distinct school days");
		}
		this.dates.add(date);
		this.dateIdOf[key] = this.dates.size() - 1;
		return this.dates.size() - 1;
	}

	private int digits(int start, int end) {
		int value = 0;
		for (int i = start; i < end; i++) {
			int d = this.buf.get(i) - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	private Problem badDate(int start, int end, int line) {
		return new Problem(line, "date: '" + text(start, end) + "' is not a date (YYYY-MM-DD)");
	}

	private Session session(int start, int end, int line) {
		if (end - start == 2 && (this.buf.get(start + 1) == 'M' || this.buf.get(start + 1) == 'm')) {
			if (this.buf.get(start) == 'A' || this.buf.get(start) == 'a') {
				return Session.AM;
			}
			if (this.buf.get(start) == 'P' || this.buf.get(start) == 'p') {
				return Session.PM;
			}
		}
		throw new Problem(line, "session: '" + text(start, end) + "' is not AM or PM");
	}

	/**
	 * The code of a symbol on a date. Symbols are one or two bytes, so each is found in a
	 * table by its bytes; only a legacy code needs its date checked.
	 */
	private DfeCode code(int start, int end, int date, int line) {
		int length = end - start;
		int key = (length == 1) ? (this.buf.get(start) & 0xFF)
				: (length == 2) ? (this.buf.get(start) & 0xFF) | (this.buf.get(start + 1) & 0xFF) << 8 : -1;
		DfeCode code = (key < 0) ? null : this.codes[key];
		if (code == null || (code.isLegacy() && !this.dates.get(date).isBefore(DfeCode.CODES_2024_FROM))) {
			try {
				code = DfeCode.of(text(start, end), this.dates.get(date));
			}
			catch (UnknownCodeException ex) {
				throw new Problem(line, "code: " + ex.getMessage());
			}
			if (key >= 0) {
				this.codes[key] = code;
			}
		}
		return code;
	}

	private static void minutes(String text, int line) {
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				throw new Problem(line, "minutes_late: '" + text + "' is not a whole number of minutes");
			}
		}
		if (text.length() > 4) {
			throw new Problem(line, "minutes_late: " + text + " minutes is longer than a school day");
		}
	}

}
