package org.attendancebridge.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchoolCalendarTests {

	/** Mon 21 Oct 2024 .. Fri 25 Oct, half term, Mon 4 Nov .. Fri 8 Nov 2024. */
	private static final SchoolCalendar AROUND_HALF_TERM = SchoolCalendar
		.of(concat(weekdays(LocalDate.of(2024, 10, 21), 5), weekdays(LocalDate.of(2024, 11, 4), 5)));

	@Test
	void weeksCountSchoolWeeksSoAHolidayWeekDoesNotCount() {
		SchoolCalendar calendar = AROUND_HALF_TERM;
		assertThat(calendar.size()).isEqualTo(10);
		for (int i = 0; i < 5; i++) {
			assertThat(calendar.weekOf(i)).isZero();
		}
		for (int i = 5; i < 10; i++) {
			assertThat(calendar.weekOf(i)).isEqualTo(1);
		}
		assertThat(calendar.weekCount()).isEqualTo(2);
	}

	@Test
	void weekIndexChangesOnlyWhenTheIsoWeekChanges() {
		// Wed, Thu, Fri of one week; Tue of the next; Mon of the week after
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 9, 4), LocalDate.of(2024, 9, 5),
				LocalDate.of(2024, 9, 6), LocalDate.of(2024, 9, 10), LocalDate.of(2024, 9, 16)));
		assertThat(weeks(calendar)).containsExactly(0, 0, 0, 1, 2);
	}

	@Test
	void aSaturdaySessionBelongsToItsIsoWeek() {
		SchoolCalendar calendar = SchoolCalendar
			.of(List.of(LocalDate.of(2024, 9, 13), LocalDate.of(2024, 9, 14), LocalDate.of(2024, 9, 16)));
		assertThat(weeks(calendar)).containsExactly(0, 0, 1);
	}

	@Test
	void anIsoWeekAcrossNewYearIsOneSchoolWeek() {
		// Mon 30 Dec 2024 and Thu 2 Jan 2025 are both in ISO week 1 of 2025
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 12, 20), LocalDate.of(2024, 12, 30),
				LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 6)));
		assertThat(weeks(calendar)).containsExactly(0, 1, 1, 2);
	}

	@Test
	void theSameIsoWeekNumberInAnotherYearIsAnotherWeek() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 3, 4), LocalDate.of(2025, 3, 3)));
		assertThat(LocalDate.of(2024, 3, 4).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
			.isEqualTo(LocalDate.of(2025, 3, 3).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
		assertThat(weeks(calendar)).containsExactly(0, 1);
	}

	@Test
	void lastDayOfWeekIsTheLastSchoolDayOfItsWeek() {
		SchoolCalendar calendar = AROUND_HALF_TERM;
		for (int i = 0; i < calendar.size(); i++) {
			assertThat(calendar.isLastDayOfWeek(i)).as("day %d", i).isEqualTo(i == 4 || i == 9);
		}
	}

	@Test
	void aWeekCutShortEndsOnItsLastSchoolDay() {
		// school closes after Wednesday for the holiday
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 12, 16), LocalDate.of(2024, 12, 17),
				LocalDate.of(2024, 12, 18), LocalDate.of(2025, 1, 7)));
		assertThat(calendar.isLastDayOfWeek(1)).isFalse();
		assertThat(calendar.isLastDayOfWeek(2)).isTrue();
		assertThat(calendar.isLastDayOfWeek(3)).isTrue();
	}

	@Test
	void firstDayOfWeekIsTheFirstSchoolDayOfTheWeek() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 9, 4), LocalDate.of(2024, 9, 5),
				LocalDate.of(2024, 9, 10), LocalDate.of(2024, 9, 11), LocalDate.of(2024, 9, 23)));
		assertThat(calendar.firstDayOfWeek(0)).isZero();
		assertThat(calendar.firstDayOfWeek(1)).isEqualTo(2);
		assertThat(calendar.firstDayOfWeek(2)).isEqualTo(4);
		assertThat(calendar.weekCount()).isEqualTo(3);
	}

	@Test
	void firstDayOfAWeekPastTheRegisterIsTheSize() {
		SchoolCalendar calendar = AROUND_HALF_TERM;
		assertThat(calendar.firstDayOfWeek(2)).isEqualTo(calendar.size());
		assertThat(calendar.firstDayOfWeek(50)).isEqualTo(calendar.size());
	}

	@Test
	void academicYearTurnsOnTheFirstOfAugustByDefault() {
		assertThat(SchoolCalendar.academicYearOf(LocalDate.of(2024, 7, 31), SchoolCalendar.DEFAULT_YEAR_START))
			.isEqualTo(2023);
		assertThat(SchoolCalendar.academicYearOf(LocalDate.of(2024, 8, 1), SchoolCalendar.DEFAULT_YEAR_START))
			.isEqualTo(2024);
		assertThat(SchoolCalendar.academicYearOf(LocalDate.of(2025, 1, 6), SchoolCalendar.DEFAULT_YEAR_START))
			.isEqualTo(2024);
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 7, 18), LocalDate.of(2024, 7, 19),
				LocalDate.of(2024, 9, 4), LocalDate.of(2025, 7, 22), LocalDate.of(2025, 9, 3)));
		assertThat(years(calendar)).containsExactly(0, 0, 1, 1, 2);
	}

	@Test
	void academicYearTurnsOnTheConfiguredStart() {
		MonthDay september = MonthDay.of(9, 1);
		// a summer school on Fri 30 Aug still belongs to the old year
		SchoolCalendar calendar = SchoolCalendar
			.of(List.of(LocalDate.of(2024, 7, 19), LocalDate.of(2024, 8, 30), LocalDate.of(2024, 9, 2)), september);
		assertThat(years(calendar)).containsExactly(0, 0, 1);
		SchoolCalendar byDefault = SchoolCalendar
			.of(List.of(LocalDate.of(2024, 7, 19), LocalDate.of(2024, 8, 30), LocalDate.of(2024, 9, 2)));
		assertThat(years(byDefault)).containsExactly(0, 1, 1);
	}

	@Test
	void weeksKeepCountingAcrossTheYearBoundary() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 7, 19), LocalDate.of(2024, 9, 4)));
		assertThat(weeks(calendar)).containsExactly(0, 1);
		assertThat(years(calendar)).containsExactly(0, 1);
	}

	@Test
	void indexOfFindsSchoolDaysOnly() {
		SchoolCalendar calendar = AROUND_HALF_TERM;
		assertThat(calendar.indexOf(LocalDate.of(2024, 10, 21))).isZero();
		assertThat(calendar.indexOf(LocalDate.of(2024, 11, 4))).isEqualTo(5);
		assertThat(calendar.indexOf(LocalDate.of(2024, 11, 8))).isEqualTo(9);
		assertThat(calendar.indexOf(LocalDate.of(2024, 10, 26))).isEqualTo(-1);
		assertThat(calendar.indexOf(LocalDate.of(2024, 10, 30))).isEqualTo(-1);
		assertThat(calendar.indexOf(LocalDate.of(2024, 10, 20))).isEqualTo(-1);
		assertThat(calendar.indexOf(LocalDate.of(2024, 11, 9))).isEqualTo(-1);
	}

	@Test
	void daysUpToCountsSchoolDaysOnOrBeforeTheDate() {
		SchoolCalendar calendar = AROUND_HALF_TERM;
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 9, 1))).isZero();
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 10, 20))).isZero();
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 10, 21))).isEqualTo(1);
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 10, 25))).isEqualTo(5);
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 10, 30))).isEqualTo(5);
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 11, 4))).isEqualTo(6);
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 11, 8))).isEqualTo(10);
		assertThat(calendar.daysUpTo(LocalDate.of(2025, 1, 1))).isEqualTo(10);
	}

	@Test
	void daysAreSortedAndDuplicatesDropped() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 9, 6), LocalDate.of(2024, 9, 4),
				LocalDate.of(2024, 9, 5), LocalDate.of(2024, 9, 4)));
		assertThat(calendar.size()).isEqualTo(3);
		assertThat(calendar.day(0)).isEqualTo(LocalDate.of(2024, 9, 4));
		assertThat(calendar.day(1)).isEqualTo(LocalDate.of(2024, 9, 5));
		assertThat(calendar.day(2)).isEqualTo(LocalDate.of(2024, 9, 6));
	}

	@Test
	void anEmptyCalendarHasNoDaysAndNoWeeks() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of());
		assertThat(calendar.size()).isZero();
		assertThat(calendar.weekCount()).isZero();
		assertThat(calendar.daysUpTo(LocalDate.of(2024, 9, 4))).isZero();
		assertThat(calendar.indexOf(LocalDate.of(2024, 9, 4))).isEqualTo(-1);
		assertThat(calendar.firstDayOfWeek(0)).isZero();
	}

	@Test
	void aSingleDayIsItsOwnWeekAndYear() {
		SchoolCalendar calendar = SchoolCalendar.of(List.of(LocalDate.of(2024, 9, 4)));
		assertThat(calendar.weekOf(0)).isZero();
		assertThat(calendar.yearOf(0)).isZero();
		assertThat(calendar.isLastDayOfWeek(0)).isTrue();
		assertThat(calendar.firstDayOfWeek(0)).isZero();
		assertThat(calendar.weekCount()).isEqualTo(1);
	}

	private static List<Integer> weeks(SchoolCalendar calendar) {
		List<Integer> weeks = new ArrayList<>();
		for (int i = 0; i < calendar.size(); i++) {
			weeks.add(calendar.weekOf(i));
		}
		return weeks;
	}

	private static List<Integer> years(SchoolCalendar calendar) {
		List<Integer> years = new ArrayList<>();
		for (int i = 0; i < calendar.size(); i++) {
			years.add(calendar.yearOf(i));
		}
		return years;
	}

	private static List<LocalDate> weekdays(LocalDate monday, int count) {
		assertThat(monday.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
		List<LocalDate> days = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			days.add(monday.plusDays(i));
		}
		return days;
	}

	private static List<LocalDate> concat(List<LocalDate> a, List<LocalDate> b) {
		List<LocalDate> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
