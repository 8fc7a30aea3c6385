package org.attendancebridge.cli;

import java.util.List;
import java.util.function.Function;

/**
 * The online checks as a plain-text table an IT technician reads in a terminal: one line
 * per system, columns as wide as their widest value, the detail last and never cut, then
 * a line saying how many checks failed.
 */
final class CheckTable {

	private static final List<String> HEADINGS = List.of("school", "system", "address", "reachable", "authenticated",
			"detail");

	private static final List<Function<OnlineChecks.Row, String>> CELLS = List.of(OnlineChecks.Row::school,
			OnlineChecks.Row::system, OnlineChecks.Row::address, OnlineChecks.Row::reachable,
			OnlineChecks.Row::authenticated, OnlineChecks.Row::detail);

	private CheckTable() {
	}

	static String render(List<OnlineChecks.Row> rows) {
		int[] widths = new int[HEADINGS.size()];
		for (int c = 0; c < widths.length; c++) {
			widths[c] = HEADINGS.get(c).length();
			for (OnlineChecks.Row row : rows) {
				widths[c] = Math.max(widths[c], CELLS.get(c).apply(row).length());
			}
		}
		StringBuilder text = new StringBuilder();
		line(text, HEADINGS, widths);
		for (OnlineChecks.Row row : rows) {
			line(text, CELLS.stream().map((cell) -> cell.apply(row)).toList(), widths);
		}
		long failed = rows.stream().filter(OnlineChecks.Row::failed).count();
		long skipped = rows.stream().filter((row) -> !row.failed() && row.reachable().equals("-")).count();
		text.append((failed == 0) ? "every check passed" : failed + " of " + rows.size() + " checks failed")
			.append((skipped == 0) ? "" : " (" + skipped + " not checked)")
			.append('\n');
		return text.toString();
	}

	private static void line(StringBuilder text, List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int c = 0; c < cells.size(); c++) {
			line.append((c == cells.size() - 1) ? cells.get(c) : String.format("%-" + widths[c] + "s  ", cells.get(c)));
		}
		text.append(line.toString().stripTrailing()).append('\n');
	}

}
