package org.attendancebridge.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code bench evaluator|ingest|burst}: prints figures, the last line {@code ratio: X}.
 */
public final class BenchCommand {

	private BenchCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		err.println("usage: bench evaluator");
		return 2;
	}

}
