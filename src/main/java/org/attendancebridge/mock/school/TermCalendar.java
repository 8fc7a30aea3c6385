package org.attendancebridge.mock.school;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.model.Session;

/**
 * The autumn term 2024 the mock simulates: school days from Monday 2 September to Friday
 * 20 December, without weekends and the half term of 28 October to 1 November.
 */
public final class TermCalendar {

	public static final LocalDate FIRST_DAY = LocalDate.of(2024, 9, 2);

	public static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 20);

	public static final LocalDate HALF_TERM_FROM = LocalDate.of(2024, 10, 28);

	public static final LocalDate HALF_TERM_TO = LocalDate.of(2024, 11, 1);

	/** When each register is taken, London time: its marks exist from then on. */
	public static final LocalTime AM_REGISTER = LocalTime.of(8, 50);

	public static final LocalTime PM_REGISTER = LocalTime.of(13, 20);

	private static final List<LocalDate> DAYS = build();

	private TermCalendar() {
	}

	private static List<LocalDate> build() {
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate d = FIRST_DAY; !d.isAfter(LAST_DAY); d = d.plusDays(1)) {
			if (isSchoolDay(d)) {
				days.add(d);
			}
		}
		return List.copyOf(days);
	}

	public static boolean isSchoolDay(LocalDate date) {
		if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
			return false;
		}
		if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
			return false;
		}
		return date.isBefore(HALF_TERM_FROM) || date.isAfter(HALF_TERM_TO);
	}

	public static List<LocalDate> schoolDays() {
		return DAYS;
	}

	public static LocalTime registerTime(Session session) {
		return session == Session.AM ? AM_REGISTER : PM_REGISTER;
	}

	/** The school day {@code n} school days after {@code date}, or null past the term. */
	public static LocalDate plusSchoolDays(LocalDate date, int n) {
		int i = DAYS.indexOf(date);
		if (i < 0 || i + n >= DAYS.size()) {
			return null;
		}
		return DAYS.get(i + n);
	}

}
