package org.attendancebridge.model;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The school days of a register, in order, with the school week and the academic year of
 * each. A school week is any ISO week with at least one school day, so holidays never
 * dilute a rolling window; the academic year turns on the first school day on or after
 * the configured start (1 August by default).
 */
public final class SchoolCalendar {

	public static final MonthDay DEFAULT_YEAR_START = MonthDay.of(8, 1);

	private final LocalDate[] days;

	private final int[] weekOfDay;

	private final int[] yearOfDay;

	private final boolean[] lastDayOfWeek;

	private final int[] firstDayOfWeek;

	private SchoolCalendar(LocalDate[] days, MonthDay yearStart) {
		this.days = days;
		this.weekOfDay = new int[days.length];
		this.yearOfDay = new int[days.length];
		this.lastDayOfWeek = new boolean[days.length];
		int week = -1;
		int year = -1;
		long previousWeekKey = Long.MIN_VALUE;
		int previousAcademicYear = Integer.MIN_VALUE;
		for (int i = 0; i < days.length; i++) {
			LocalDate day = days[i];
			long weekKey = day.get(IsoFields.WEEK_BASED_YEAR) * 100L + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
			if (weekKey != previousWeekKey) {
				week++;
				previousWeekKey = weekKey;
				if (i > 0) {
					this.lastDayOfWeek[i - 1] = true;
				}
			}
			int academicYear = academicYearOf(day, yearStart);
			if (academicYear != previousAcademicYear) {
				year++;
				previousAcademicYear = academicYear;
			}
			this.weekOfDay[i] = week;
			this.yearOfDay[i] = year;
		}
		if (days.length > 0) {
			this.lastDayOfWeek[days.length - 1] = true;
		}
		this.firstDayOfWeek = new int[week + 1];
		for (int i = days.length - 1; i >= 0; i--) {
			this.firstDayOfWeek[this.weekOfDay[i]] = i;
		}
	}

	public static SchoolCalendar of(Collection<LocalDate> schoolDays) {
		return of(schoolDays, DEFAULT_YEAR_START);
	}

	public static SchoolCalendar of(Collection<LocalDate> schoolDays, MonthDay yearStart) {
		return new SchoolCalendar(new TreeSet<>(schoolDays).toArray(LocalDate[]::new), yearStart);
	}

	/** The calendar year in which the academic year containing {@code day} began. */
	public static int academicYearOf(LocalDate day, MonthDay yearStart) {
		return MonthDay.from(day).isBefore(yearStart) ? day.getYear() - 1 : day.getYear();
	}

	public int size() {
		return this.days.length;
	}

	public LocalDate day(int index) {
		return this.days[index];
	}

	/** The index of a school day, or -1 when the date is not a school day. */
	public int indexOf(LocalDate date) {
		int found = Arrays.binarySearch(this.days, date);
		return (found >= 0) ? found : -1;
	}

	/**
	 * The number of school days on or before {@code date}: the replay bound for an as-of
	 * date.
	 */
	public int daysUpTo(LocalDate date) {
		int found = Arrays.binarySearch(this.days, date);
		return (found >= 0) ? found + 1 : -(found + 1);
	}

	/**
	 * The school week of a school day, counting from 0 at the first day of the register.
	 */
	public int weekOf(int dayIndex) {
		return this.weekOfDay[dayIndex];
	}

	/**
	 * The academic year of a school day, counting from 0 at the first day of the
	 * register.
	 */
	public int yearOf(int dayIndex) {
		return this.yearOfDay[dayIndex];
	}

	/** Whether no later school day falls in the same school week. */
	public boolean isLastDayOfWeek(int dayIndex) {
		return this.lastDayOfWeek[dayIndex];
	}

	/**
	 * The first school day of a school week, or {@link #size()} for a week past the
	 * register.
	 */
	public int firstDayOfWeek(int week) {
		return (week < this.firstDayOfWeek.length) ? this.firstDayOfWeek[week] : this.days.length;
	}

	public int weekCount() {
		return (this.days.length == 0) ? 0 : this.weekOfDay[this.days.length - 1] + 1;
	}

}
