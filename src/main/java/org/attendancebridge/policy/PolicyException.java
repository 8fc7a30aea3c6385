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
		super(file + ":" + line + ": " + ((key == null || key.isEmpty()) ? "" : key + ": ") + problem);
		this.file = file;
		this.line = line;
		this.key = key;
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
