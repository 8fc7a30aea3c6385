package org.attendancebridge.web.dashboard;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.web.PupilDetail;
import org.attendancebridge.web.SchoolReads.Threshold;

/**
 * A pupil's register and trend as the pupil page draws them, on the server: a heat map of
 * school days (a row a week, Monday to Friday, AM and PM) coloured by the code's
 * category, and the year-to-date attendance after each school day as an SVG line chart
 * with the policy's level thresholds across it.
 */
final class PupilCharts {

	static final int WIDTH = 960;

	static final int HEIGHT = 240;

	static final int LEFT = 44;

	static final int RIGHT = 84;

	static final int TOP = 12;

	static final int BOTTOM = 28;

	/** Pixels between two threshold labels. */
	static final int LABEL_GAP = 12;

	static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

	private PupilCharts() {
	}

	/** One session of the heat map; an empty cell is no school day (or no mark). */
	record Cell(String code, String css, String title) {

		static final Cell EMPTY = new Cell("", "none", "");

	}

	/** A week of the heat map: Monday's date, then Monday AM, Monday PM ... Friday PM. */
	record Week(String monday, List<Cell> cells) {
	}

	/**
	 * A line across the chart, a threshold or a grid line, and where its label goes (set
	 * apart from the label above when two thresholds lie close).
	 */
	record Line(String label, double y, double labelY) {
	}

	/** A label on the time axis. */
	record Tick(String label, double x) {
	}

	/** The trend, in the SVG's coordinates. */
	record Trend(int width, int height, String points, List<Line> thresholds, List<Line> grid, List<Tick> ticks,
			double left, double right, double top, double bottom, String last, double lastX, double lastY) {

		public boolean empty() {
			return this.points.isEmpty();
		}

	}

	static List<Week> heatMap(List<PupilDetail.MarkView> marks) {
		Map<LocalDate, Cell[]> weeks = new TreeMap<>();
		for (PupilDetail.MarkView mark : marks) {
			DayOfWeek day = mark.date().getDayOfWeek();
			if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
				continue;
			}
			Cell[] cells = weeks.computeIfAbsent(mark.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
					(monday) -> {
						Cell[] empty = new Cell[10];
						java.util.Arrays.fill(empty, Cell.EMPTY);
						return empty;
					});
			int at = (day.getValue() - 1) * 2 + ("PM".equals(mark.session()) ? 1 : 0);
			cells[at] = new Cell(mark.code(), css(mark.category()),
					mark.date() + " " + mark.session() + ": " + mark.code() + " (" + label(mark.category()) + ")");
		}
		List<Week> rows = new ArrayList<>();
		weeks.forEach((monday, cells) -> rows.add(new Week(DAY.format(monday), List.of(cells))));
		return rows;
	}

	/** The categories, as the heat map's key shows them. */
	static List<Cell> key() {
		List<Cell> key = new ArrayList<>();
		for (CodeCategory category : CodeCategory.values()) {
			if (category != CodeCategory.NO_MARK) {
				key.add(new Cell("", css(category.name()), label(category.name())));
			}
		}
		return key;
	}

	static Trend trend(List<PupilDetail.MarkView> marks, List<Threshold> thresholds) {
		Map<LocalDate, int[]> days = new TreeMap<>();
		for (PupilDetail.MarkView mark : marks) {
			CodeCategory category = CodeCategory.valueOf(mark.category());
			int[] counts = days.computeIfAbsent(mark.date(), (d) -> new int[2]);
			if (category.isPossible()) {
				counts[0]++;
				counts[1] += category.isAttendance() ? 1 : 0;
			}
		}
		List<LocalDate> dates = new ArrayList<>();
		List<Double> pcts = new ArrayList<>();
		int possible = 0;
		int attended = 0;
		for (Map.Entry<LocalDate, int[]> day : days.entrySet()) {
			possible += day.getValue()[0];
			attended += day.getValue()[1];
			if (possible > 0) {
				dates.add(day.getKey());
				pcts.add(100.0 * attended / possible);
			}
		}
		double low = 100;
		for (double pct : pcts) {
			low = Math.min(low, pct);
		}
		for (Threshold threshold : thresholds) {
			low = Math.min(low, threshold.pct());
		}
		double floor = Math.max(0, Math.floor((low - 1) / 10) * 10);
		double plotLeft = LEFT;
		double plotRight = WIDTH - RIGHT;
		double plotTop = TOP;
		double plotBottom = HEIGHT - BOTTOM;
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < pcts.size(); i++) {
			double x = x(i, pcts.size(), plotLeft, plotRight);
			points.append((i == 0) ? "" : " ")
				.append(round(x))
				.append(',')
				.append(round(y(pcts.get(i), floor, plotTop, plotBottom)));
		}
		List<Threshold> highestFirst = new ArrayList<>(thresholds);
		highestFirst.sort(Comparator.comparingDouble(Threshold::pct).reversed());
		List<Line> lines = new ArrayList<>();
		double labelAbove = Double.NEGATIVE_INFINITY;
		for (Threshold threshold : highestFirst) {
			double y = round(y(threshold.pct(), floor, plotTop, plotBottom));
			labelAbove = Math.max(y + 4, labelAbove + LABEL_GAP);
			lines.add(new Line(
					threshold.level() + " " + symbol(threshold.comparison()) + " " + trim(threshold.pct()) + "%", y,
					labelAbove));
		}
		List<Line> grid = new ArrayList<>();
		double step = (100 - floor > 40) ? 20 : (100 - floor > 20) ? 10 : 5;
		for (double pct = floor; pct <= 100.0001; pct += step) {
			double y = round(y(pct, floor, plotTop, plotBottom));
			grid.add(new Line(trim(pct) + "%", y, y + 4));
		}
		List<Tick> ticks = new ArrayList<>();
		int every = Math.max(1, dates.size() / 6);
		for (int i = 0; i < dates.size(); i += every) {
			ticks.add(new Tick(DAY.format(dates.get(i)), round(x(i, dates.size(), plotLeft, plotRight))));
		}
		int n = pcts.size();
		return new Trend(WIDTH, HEIGHT, points.toString(), lines, grid, ticks, plotLeft, plotRight, plotTop, plotBottom,
				(n == 0) ? "" : String.format(Locale.UK, "%.1f%%", pcts.get(n - 1)),
				(n == 0) ? 0 : round(x(n - 1, n, plotLeft, plotRight)),
				(n == 0) ? 0 : round(y(pcts.get(n - 1), floor, plotTop, plotBottom)));
	}

	static double x(int i, int n, double left, double right) {
		return (n <= 1) ? left : left + (right - left) * i / (n - 1);
	}

	private static double y(double pct, double floor, double top, double bottom) {
		return bottom - (bottom - top) * (pct - floor) / (100 - floor);
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	private static String trim(double pct) {
		return (pct == Math.rint(pct)) ? String.valueOf((long) pct) : String.valueOf(pct);
	}

	private static String symbol(String comparison) {
		return switch (comparison) {
			case "below" -> "<";
			case "atMost" -> "≤";
			case "above" -> ">";
			default -> "≥";
		};
	}

	private static String css(String category) {
		return category.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static String label(String category) {
		return category.charAt(0) + category.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
	}

}
