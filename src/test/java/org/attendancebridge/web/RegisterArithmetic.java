package org.attendancebridge.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.model.DfeCode;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A school's figures worked out by hand from its stored marks, as the domain reference
 * defines them, for tests to hold the adapter's own figures against: sessions possible
 * and missed, year to date up to a day, pupil by pupil.
 */
final class RegisterArithmetic {

	/** A pupil's year to date: sessions possible, attended and missed. */
	record Tally(String pupilId, String yearGroup, int possible, int attended, int absent) {

		double attendancePct() {
			return (this.possible == 0) ? 100.0 : this.attended * 100.0 / this.possible;
		}

		/** Missing 10% or more of possible sessions. */
		boolean persistentlyAbsent() {
			return this.possible > 0 && this.absent * 100.0 / this.possible >= 10.0;
		}

		/** Missing 50% or more. */
		boolean severelyAbsent() {
			return this.possible > 0 && this.absent * 100.0 / this.possible >= 50.0;
		}

	}

	private record Mark(String pupilId, LocalDate date, String code) {
	}

	private final List<Mark> marks;

	private final Map<String, String> yearGroups = new TreeMap<>();

	RegisterArithmetic(NamedParameterJdbcTemplate jdbc, String school) {
		this.marks = jdbc.query(
				"select pupil_id, mark_date, code from mark where school_id = :school order by mark_date, session",
				Map.of("school", school), (rs, n) -> new Mark(rs.getString("pupil_id"),
						rs.getObject("mark_date", LocalDate.class), rs.getString("code")));
		jdbc.query("select pupil_id, year_group from pupil where school_id = :school", Map.of("school", school),
				(rs) -> {
					this.yearGroups.put(rs.getString("pupil_id"), rs.getString("year_group"));
				});
	}

	/** Every pupil with a mark on or before the day, by id. */
	Map<String, Tally> tallies(LocalDate through) {
		Map<String, int[]> counts = new TreeMap<>();
		for (Mark mark : this.marks) {
			if (mark.date().isAfter(through)) {
				continue;
			}
			int[] c = counts.computeIfAbsent(mark.pupilId(), (p) -> new int[3]);
			CodeCategory category = DfeCode.of(mark.code(), mark.date()).category();
			switch (category) {
				case PRESENT, APPROVED_EDUCATIONAL_ACTIVITY -> {
					c[0]++;
					c[1]++;
				}
				case AUTHORISED_ABSENCE, UNAUTHORISED_ABSENCE -> {
					c[0]++;
					c[2]++;
				}
				default -> {
				}
			}
		}
		Map<String, Tally> tallies = new TreeMap<>();
		counts
			.forEach((pupil, c) -> tallies.put(pupil, new Tally(pupil, this.yearGroups.get(pupil), c[0], c[1], c[2])));
		return tallies;
	}

	/** The school days with marks, in order. */
	List<LocalDate> schoolDays() {
		return new ArrayList<>(new TreeSet<>(this.marks.stream().map(Mark::date).toList()));
	}

	/**
	 * The last school day of each school week (Monday to Sunday), up to and including a
	 * day.
	 */
	List<LocalDate> weekEnds(LocalDate through) {
		Map<LocalDate, LocalDate> lastByMonday = new TreeMap<>();
		for (LocalDate day : schoolDays()) {
			if (!day.isAfter(through)) {
				lastByMonday.put(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), day);
			}
		}
		return new ArrayList<>(lastByMonday.values());
	}

	/**
	 * Each year group's lowest attenders who have had the minimum of sessions and are
	 * below green, lowest first (more sessions missed first at a tie, then by id), at
	 * most {@code size} of each.
	 */
	Map<String, List<Tally>> red10(LocalDate through, int minimum, double greenAtLeast, int size) {
		Map<String, List<Tally>> byYear = new TreeMap<>();
		for (Tally tally : tallies(through).values()) {
			if (tally.possible() >= Math.max(1, minimum) && tally.attendancePct() < greenAtLeast) {
				byYear.computeIfAbsent(tally.yearGroup(), (y) -> new ArrayList<>()).add(tally);
			}
		}
		Map<String, List<Tally>> red10 = new TreeMap<>();
		byYear.forEach((year, pupils) -> red10.put(year,
				pupils.stream()
					.sorted(Comparator.comparingDouble(Tally::attendancePct)
						.thenComparing(Comparator.comparingInt(Tally::absent).reversed())
						.thenComparing(Tally::pupilId))
					.limit(size)
					.toList()));
		return red10;
	}

}
