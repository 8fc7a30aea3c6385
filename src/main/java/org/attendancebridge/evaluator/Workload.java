package org.attendancebridge.evaluator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.ActionKind;

/**
 * A school's workload per school week: how many of each kind of action a policy makes
 * due. Every school week in the period is listed, quiet ones too, so a head of year sees
 * the shape of the term.
 */
public final class Workload {

	/** The columns a head of year reads, in order, with the action kind each counts. */
	public static final Map<String, ActionKind> COLUMNS = columns();

	private final TreeMap<LocalDate, EnumMap<ActionKind, Integer>> weeks = new TreeMap<>();

	public Workload(SchoolCalendar calendar, LocalDate from, LocalDate to) {
		for (int d = 0; d < calendar.size(); d++) {
			LocalDate day = calendar.day(d);
			if (!day.isBefore(from) && !day.isAfter(to)) {
				this.weeks.computeIfAbsent(weekOf(day), (w) -> new EnumMap<>(ActionKind.class));
			}
		}
	}

	private static Map<String, ActionKind> columns() {
		Map<String, ActionKind> columns = new LinkedHashMap<>();
		columns.put("letters", ActionKind.LETTER);
		columns.put("texts", ActionKind.SMS);
		// Every task is a meeting, call or visit somebody has to arrange.
		columns.put("meetings", ActionKind.TASK);
		columns.put("referrals", ActionKind.LA_REFERRAL);
		columns.put("alerts", ActionKind.STAFF_ALERT);
		columns.put("notes", ActionKind.MIS_NOTE);
		columns.put("amendments", ActionKind.MARK_AMEND);
		columns.put("concerns", ActionKind.CPOMS_CONCERN);
		return columns;
	}

	public static LocalDate weekOf(LocalDate day) {
		return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	public void count(LocalDate day, ActionKind kind) {
		this.weeks.computeIfAbsent(weekOf(day), (w) -> new EnumMap<>(ActionKind.class)).merge(kind, 1, Integer::sum);
	}

	/** Week start (Monday) → counts by column name, in column order. */
	public Map<LocalDate, Map<String, Integer>> rows() {
		Map<LocalDate, Map<String, Integer>> rows = new LinkedHashMap<>();
		this.weeks.forEach((week, counts) -> {
			Map<String, Integer> row = new LinkedHashMap<>();
			COLUMNS.forEach((name, kind) -> row.put(name, counts.getOrDefault(kind, 0)));
			rows.put(week, row);
		});
		return rows;
	}

	/** Each column's count over the whole period, in column order. */
	public Map<String, Integer> totals() {
		Map<String, Integer> totals = new LinkedHashMap<>();
		COLUMNS.keySet().forEach((name) -> totals.put(name, 0));
		rows().values().forEach((row) -> row.forEach((name, n) -> totals.merge(name, n, Integer::sum)));
		return totals;
	}

}
