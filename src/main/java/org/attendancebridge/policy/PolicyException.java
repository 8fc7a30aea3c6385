package org.attendancebridge.policy;

import java.nio.file.Path;

/**
 * A policy or template file that cannot be used. The message is one line naming the file,
 * the line and the key, so that whoever wrote the file can find the mistake.
 */
public class PolicyException extends RuntimeException {

	private final Path file;

	private final int line;

	private final String key;

	public PolicyException(Path file, int line, String key, String problem) {
		super(oneLine(file + ":" + line + ": " + ((key == null || key.isEmpty()) ? "" : key + ": ") + problem));
		this.file = file;
		this.line = line;
		this.key = key;
	}

	/**
	 * A value quoted from the file may hold a line break or another control character;
	 * shown escaped, the message stays one line.
	 */
	private static String oneLine(String message) {
		StringBuilder line = new StringBuilder(message.length());
		message.codePoints().forEach((c) -> {
			switch (c) {
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (Character.isISOControl(c)) {
						line.append(String.format("\\u%04x", c));
					}
					else {
						line.appendCodePoint(c);
					}
				}
			}
		});
		return line.toString();
	}

	public Path file() {
		return this.file;
	}

	public int line() {
		return this.line;
	}

	public String key() {
		return this.key;
	}

}
