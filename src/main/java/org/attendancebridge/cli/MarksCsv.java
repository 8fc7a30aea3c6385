package org.attendancebridge.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.attendancebridge.evaluator.Parallel;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.model.Session;

/**
 * Reads {@code marks.csv} ({@code pupil_id,date,session,code,minutes_late}) into a school
 * calendar and one compact register per pupil. A local authority's year is millions of
 * rows, so the file is read whole and its lines are parsed in slices side by side, one
 * per core (see {@link MarksChunk}); the first problem in file order is the one reported.
 */
final class MarksCsv {

	static final List<String> COLUMNS = List.of("pupil_id", "date", "session", "code");

	static final int MAX_DATES = 1 << 14;

	private MarksCsv() {
	}

	/** The register of every pupil, indexed like {@code pupilIndex}; null where none. */
	record Registers(SchoolCalendar calendar, PupilRegister[] registers, int marks) {
	}

	static Registers read(Path path, Map<String, Integer> pupilIndex, MonthDay yearStart) {
		String file = path.toString();
		// Mapped, not read: a year of marks is hundreds of megabytes that need not be
		// copied
		// onto the heap.
		ByteBuffer bytes;
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			if (channel.size() > Integer.MAX_VALUE - 16) {
				throw new InputException(file + ": larger than 2 GB; split the marks by school");
			}
			bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
		}
		catch (IOException ex) {
			throw new InputException(file + ": cannot read: " + ex.getMessage());
		}
		int size = bytes.limit();
		int headerEnd = indexOf(bytes, 0, (byte) '\n');
		int bodyFrom = (headerEnd < 0) ? size : headerEnd + 1;
		byte[] headerBytes = new byte[(headerEnd < 0) ? size : headerEnd];
		bytes.get(0, headerBytes);
		String headerText = new String(headerBytes, StandardCharsets.UTF_8).strip();
		if (headerText.isEmpty()) {
			throw InputException.at(file, 1,
					"the file is empty; expected the header pupil_id,date,session,code,minutes_late");
		}
		List<String> header = CsvFields.split(headerText, file, 1);
		int[] col = CsvFields.columns(header, file, COLUMNS);
		int minutesCol = CsvFields.optionalColumn(header, "minutes_late");
		List<MarksChunk> chunks = slices(bytes, bodyFrom, col, minutesCol, pupilIndex);
		Parallel.run(chunks.stream().map((chunk) -> (Runnable) chunk::parse).toList());
		int linesBefore = 1;
		int[] firstLine = new int[chunks.size()];
		for (int c = 0; c < chunks.size(); c++) {
			MarksChunk chunk = chunks.get(c);
			firstLine[c] = linesBefore;
			if (chunk.problem != null) {
				throw InputException.at(file, linesBefore + chunk.problem.line, chunk.problem.getMessage());
			}
			linesBefore += chunk.lines;
		}
		return build(file, chunks, firstLine, pupilIndex, yearStart);
	}

	/** Slices of the body, each ending after a newline, one per core. */
	private static List<MarksChunk> slices(ByteBuffer bytes, int from, int[] col, int minutesCol,
			Map<String, Integer> pupilIndex) {
		int size = bytes.limit();
		int count = Parallel.slices(size - from, 1 << 20);
		List<MarksChunk> chunks = new ArrayList<>(count);
		int start = from;
		for (int c = 1; c <= count && start < size; c++) {
			int end = (c == count) ? size : from + (int) ((long) (size - from) * c / count);
			int newline = indexOf(bytes, Math.max(end - 1, start), (byte) '\n');
			end = (c == count || newline < 0) ? size : newline + 1;
			chunks.add(new MarksChunk(bytes, start, end, col, minutesCol, pupilIndex));
			start = end;
		}
		if (chunks.isEmpty()) {
			chunks.add(new MarksChunk(bytes, start, start, col, minutesCol, pupilIndex));
		}
		return chunks;
	}

	private static Registers build(String file, List<MarksChunk> chunks, int[] firstLine,
			Map<String, Integer> pupilIndex, MonthDay yearStart) {
		TreeSet<LocalDate> days = new TreeSet<>();
		chunks.forEach((chunk) -> days.addAll(chunk.dates));
		SchoolCalendar calendar = SchoolCalendar.of(days, yearStart);
		PupilRegister[] registers = new PupilRegister[pupilIndex.size()];
		Session[] sessions = Session.values();
		int marks = 0;
		for (int c = 0; c < chunks.size(); c++) {
			MarksChunk chunk = chunks.get(c);
			int[] dayOfDate = chunk.dates.stream().mapToInt(calendar::indexOf).toArray();
			for (int r = 0; r < chunk.rowCount; r++) {
				int pupil = MarksChunk.pupilOf(chunk.rows[r]);
				int mark = MarksChunk.markOf(chunk.rows[r]);
				PupilRegister register = registers[pupil];
				if (register == null) {
					register = new PupilRegister(calendar.size());
					registers[pupil] = register;
				}
				int day = dayOfDate[mark >>> 9];
				Session session = sessions[(mark >>> 8) & 1];
				if (!register.put(day, session, DfeCode.ofOrdinal(mark & 0xFF))) {
					throw InputException.at(file, firstLine[c] + chunk.lineOfRow(r),
							"duplicate mark: pupil '" + idOf(pupilIndex, pupil) + "' already has a mark for " + session
									+ " on " + calendar.day(day));
				}
			}
			marks += chunk.rowCount;
		}
		return new Registers(calendar, registers, marks);
	}

	private static String idOf(Map<String, Integer> pupilIndex, int index) {
		Map<Integer, String> ids = new HashMap<>();
		pupilIndex.forEach((id, i) -> ids.put(i, id));
		return ids.getOrDefault(index, "?");
	}

	private static int indexOf(ByteBuffer bytes, int from, byte b) {
		for (int i = from; i < bytes.limit(); i++) {
			if (bytes.get(i) == b) {
				return i;
			}
		}
		return -1;
	}

}
