package org.attendancebridge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.PupilRegister;

/**
 * Writes a synthetic authority as the CLI's {@code pupils.csv} and {@code marks.csv}, so
 * that {@code evaluate} and a plain awk pass can be timed over the same registers.
 */
final class RegisterCsv {

	private static final byte[] NEWLINE = { '\n' };

	private static final String[] LANGUAGES = { "pl", "ur", "pa", "ro", "ar", "so", "pt", "bn" };

	private RegisterCsv() {
	}

	/**
	 * @return the number of marks written
	 */
	static long write(SyntheticAuthority authority, long seed, Path folder) throws IOException {
		Files.createDirectories(folder);
		try (Writer pupils = writer(folder.resolve("pupils.csv"))) {
			pupils.write("pupil_id,upn,year_group,send,pupil_premium,vulnerable,eal,home_language\n");
			for (int p = 0; p < authority.size(); p++) {
				Pupil pupil = authority.pupils().get(p);
				boolean eal = pupil.has(PupilFlag.EAL);
				pupils.write(pupil.id() + "," + String.format("S%012d", 820_000_000_000L + p) + "," + pupil.yearGroup()
						+ "," + pupil.has(PupilFlag.SEND) + "," + pupil.has(PupilFlag.PUPIL_PREMIUM) + ","
						+ pupil.has(PupilFlag.VULNERABLE) + "," + eal + ","
						+ (eal ? LANGUAGES[p % LANGUAGES.length] : "en") + "\n");
			}
		}
		SplittableRandom minutes = new SplittableRandom(seed);
		byte[][] dates = authority.days().stream().map((day) -> ascii("," + day + ",")).toArray(byte[][]::new);
		byte[][] sessions = { ascii("AM,"), ascii("PM,") };
		byte[][] codes = Arrays.stream(DfeCode.values())
			.map((code) -> ascii(code.symbol() + ","))
			.toArray(byte[][]::new);
		long marks = 0;
		// Bytes into one buffer, not a Writer: 7.6 million lines through a charset
		// encoder
		// and a synchronized stream cost seconds.
		try (OutputStream out = Files.newOutputStream(folder.resolve("marks.csv"))) {
			LineBuffer line = new LineBuffer(out);
			line.put(ascii("pupil_id,date,session,code,minutes_late\n"));
			for (int p = 0; p < authority.size(); p++) {
				byte[] id = ascii(authority.pupils().get(p).id());
				PupilRegister register = authority.register(p);
				for (int d = 0; d < dates.length; d++) {
					for (int s = 0; s < 2; s++) {
						int raw = (s == 0) ? register.rawAm(d) : register.rawPm(d);
						if (raw == 0) {
							continue;
						}
						DfeCode code = DfeCode.ofOrdinal(raw - 1);
						line.put(id);
						line.put(dates[d]);
						line.put(sessions[s]);
						line.put(codes[code.ordinal()]);
						if (code == DfeCode.L) {
							line.put(ascii(Integer.toString(1 + minutes.nextInt(29))));
						}
						else if (code == DfeCode.U) {
							line.put(ascii(Integer.toString(31 + minutes.nextInt(60))));
						}
						line.put(NEWLINE);
						marks++;
					}
				}
			}
			line.flush();
		}
		return marks;
	}

	/** Collects bytes and writes them out a megabyte at a time. */
	private static final class LineBuffer {

		private final OutputStream out;

		private final byte[] buffer = new byte[1 << 20];

		private int size;

		LineBuffer(OutputStream out) {
			this.out = out;
		}

		void put(byte[] bytes) throws IOException {
			if (this.size + bytes.length > this.buffer.length) {
				flush();
			}
			System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
			this.size += bytes.length;
		}

		void flush() throws IOException {
			this.out.write(this.buffer, 0, this.size);
			this.size = 0;
		}

	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static Writer writer(Path file) throws IOException {
		return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
	}

}
