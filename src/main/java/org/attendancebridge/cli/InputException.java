package org.attendancebridge.cli;

/**
 * Bad input to a subcommand: an argument, or a record of an input file. The message is
 * the one line printed on stderr, naming the file, the line and the problem.
 */
public class InputException extends RuntimeException {

	public InputException(String message) {
		super(message);
	}

	/**
	 * A problem at a line of a file:
	 * {@code marks.csv:12: code: unknown register code 'Q9'}.
	 */
	public static InputException at(String file, long line, String problem) {
		return new InputException(file + ":" + line + ": " + problem);
	}

}
