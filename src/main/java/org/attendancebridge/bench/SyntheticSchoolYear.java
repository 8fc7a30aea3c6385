package org.attendancebridge.bench;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The school days of an English school year, 2024-25: three terms with their half terms,
 * the Christmas and Easter holidays, the May bank holiday and five INSET days, which
 * leaves the statutory 190 days (380 sessions) from September to July.
 */
final class SyntheticSchoolYear {

	private static final LocalDate[][] TERMS = { { LocalDate.of(2024, 9, 2), LocalDate.of(2024, 12, 20) },
			{ LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 4) },
			{ LocalDate.of(2025, 4, 22), LocalDate.of(2025, 7, 22) } };

	private static final LocalDate[][] HALF_TERMS = { { LocalDate.of(2024, 10, 28), LocalDate.of(2024, 11, 1) },
			{ LocalDate.of(2025, 2, 17), LocalDate.of(2025, 2, 21) },
			{ LocalDate.of(2025, 5, 26), LocalDate.of(2025, 5, 30) } };

	/** Early May bank holiday and the INSET days that open or close the terms. */
	private static final Set<LocalDate> NO_PUPILS = Set.of(LocalDate.of(2025, 5, 5), LocalDate.of(2024, 9, 2),
			LocalDate.of(2024, 9, 3), LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 22), LocalDate.of(2025, 7, 22));

	private SyntheticSchoolYear() {
	}

	static List<LocalDate> days() {
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate[] term : TERMS) {
			for (LocalDate day = term[0]; !day.isAfter(term[1]); day = day.plusDays(1)) {
				if (isWeekday(day) && !inHalfTerm(day) && !NO_PUPILS.contains(day)) {
					days.add(day);
				}
			}
		}
		return days;
	}

	private static boolean isWeekday(LocalDate day) {
		return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
	}

	private static boolean inHalfTerm(LocalDate day) {
		for (LocalDate[] range : HALF_TERMS) {
			if (!day.isBefore(range[0]) && !day.isAfter(range[1])) {
				return true;
			}
		}
		return false;
	}

}
