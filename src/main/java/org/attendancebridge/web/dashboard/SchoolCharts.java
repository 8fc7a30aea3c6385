package org.attendancebridge.web.dashboard;

import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.evaluator.AbsenceWeeks;
import org.attendancebridge.web.StageCount;
import org.attendancebridge.web.dashboard.PupilCharts.Line;
import org.attendancebridge.web.dashboard.PupilCharts.Tick;

/**
 * A school's charts as its page draws them, on the server in SVG: its pupils by stage as
 * horizontal bars coloured by each level's RAG, and its persistent and severe absence
 * counts at the end of each school week as two lines. Tables with the same figures follow
 * each chart on the page.
 */
final class SchoolCharts {

	static final int BARS_WIDTH = 640;

	static final int ROW = 26;

	static final int BAR = 18;

	/** Room for the level's id on the left and the count on the right. */
	static final int LABELS = 70;

	static final int COUNT = 44;

	static final int TREND_WIDTH = 640;

	static final int TREND_HEIGHT = 200;

	static final int LEFT = 36;

	static final int RIGHT = 40;

	static final int TOP = 12;

	static final int BOTTOM = 28;

	private SchoolCharts() {
	}

	/**
	 * One stage's bar; {@code css} names its RAG colour ({@code none} when it has none).
	 */
	record Bar(String stage, String css, long pupils, double y, double width) {
	}

	record StageBars(int width, int height, int labels, int barHeight, List<Bar> bars) {
	}

	/** A week's count, a point of a line, with its hover text. */
	record Point(double x, double y, String title) {
	}

	record Series(String points, List<Point> dots) {
	}

	record AbsenceTrend(int width, int height, double left, double right, double top, double bottom, List<Line> grid,
			List<Tick> ticks, Series pa, Series sa) {

		public boolean empty() {
			return this.pa.dots().isEmpty();
		}

	}

	static StageBars stageBars(List<StageCount> stages) {
		long max = Math.max(1, stages.stream().mapToLong(StageCount::pupils).max().orElse(0));
		double room = BARS_WIDTH - LABELS - COUNT;
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < stages.size(); i++) {
			StageCount stage = stages.get(i);
			bars.add(new Bar(stage.stage(), (stage.rag() == null) ? "none" : stage.rag(), stage.pupils(),
					i * ROW + (ROW - BAR) / 2.0, PupilCharts.round(room * stage.pupils() / max)));
		}
		return new StageBars(BARS_WIDTH, Math.max(ROW, stages.size() * ROW), LABELS, BAR, bars);
	}

	static AbsenceTrend absenceTrend(List<AbsenceWeeks.Week> weeks) {
		double left = LEFT;
		double right = TREND_WIDTH - RIGHT;
		double top = TOP;
		double bottom = TREND_HEIGHT - BOTTOM;
		int max = 1;
		for (AbsenceWeeks.Week week : weeks) {
			max = Math.max(max, Math.max(week.pa(), week.sa()));
		}
		int step = Math.max(1, (int) Math.ceil(max / 4.0));
		int ceiling = step * (int) Math.ceil((double) max / step);
		List<Line> grid = new ArrayList<>();
		for (int count = 0; count <= ceiling; count += step) {
			double y = PupilCharts.round(y(count, ceiling, top, bottom));
			grid.add(new Line(String.valueOf(count), y, y + 4));
		}
		List<Tick> ticks = new ArrayList<>();
		int every = Math.max(1, weeks.size() / 6);
		for (int i = 0; i < weeks.size(); i += every) {
			ticks.add(new Tick(PupilCharts.DAY.format(weeks.get(i).weekOf()),
					PupilCharts.round(PupilCharts.x(i, weeks.size(), left, right))));
		}
		return new AbsenceTrend(TREND_WIDTH, TREND_HEIGHT, left, right, top, bottom, grid, ticks,
				series(weeks, true, ceiling, left, right, top, bottom),
				series(weeks, false, ceiling, left, right, top, bottom));
	}

	private static Series series(List<AbsenceWeeks.Week> weeks, boolean pa, int ceiling, double left, double right,
			double top, double bottom) {
		StringBuilder points = new StringBuilder();
		List<Point> dots = new ArrayList<>();
		for (int i = 0; i < weeks.size(); i++) {
			AbsenceWeeks.Week week = weeks.get(i);
			int count = pa ? week.pa() : week.sa();
			double x = PupilCharts.round(PupilCharts.x(i, weeks.size(), left, right));
			double y = PupilCharts.round(y(count, ceiling, top, bottom));
			points.append((i == 0) ? "" : " ").append(x).append(',').append(y);
			dots.add(new Point(x, y, (pa ? "PA " : "SA ") + count + " on " + week.through()));
		}
		return new Series(points.toString(), dots);
	}

	private static double y(int count, int ceiling, double top, double bottom) {
		return bottom - (bottom - top) * count / ceiling;
	}

}
