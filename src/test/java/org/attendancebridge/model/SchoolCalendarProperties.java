package org.attendancebridge.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.IsoFields;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the school calendar over random sets of weekdays. */
class SchoolCalendarProperties {

	private static final LocalDate ORIGIN = LocalDate.of(2023, 7, 3);

	@Provide
	Arbitrary<Set<LocalDate>> weekdays() {
		return Arbitraries.integers()
			.between(0, 3 * 365)
			.map(ORIGIN::plusDays)
			.filter((day) -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY)
			.set()
			.ofMaxSize(300);
	}

	@Provide
	Arbitrary<MonthDay> yearStart() {
		return Arbitraries.of(MonthDay.of(8, 1), MonthDay.of(9, 1), MonthDay.of(1, 1), MonthDay.of(4, 15));
	}

	@Property
	void weekNeverGoesBackAndStepsByAtMostOne(@ForAll("weekdays") Set<LocalDate> days) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		for (int i = 1; i < calendar.size(); i++) {
			int step = calendar.weekOf(i) - calendar.weekOf(i - 1);
			assertThat(step).isBetween(0, 1);
			assertThat(step == 1).as("%s -> %s", calendar.day(i - 1), calendar.day(i))
				.isEqualTo(!isoWeek(calendar.day(i)).equals(isoWeek(calendar.day(i - 1))));
		}
		if (calendar.size() > 0) {
			assertThat(calendar.weekOf(0)).isZero();
		}
	}

	@Property
	void weekCountIsTheNumberOfIsoWeeksWithASchoolDay(@ForAll("weekdays") Set<LocalDate> days) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		Set<String> isoWeeks = new TreeSet<>();
		days.forEach((day) -> isoWeeks.add(isoWeek(day)));
		assertThat(calendar.weekCount()).isEqualTo(isoWeeks.size());
	}

	@Property
	void lastDayOfWeekIsWhereTheNextSchoolDayIsInAnotherWeek(@ForAll("weekdays") Set<LocalDate> days) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		for (int i = 0; i < calendar.size(); i++) {
			boolean last = i == calendar.size() - 1 || calendar.weekOf(i + 1) != calendar.weekOf(i);
			assertThat(calendar.isLastDayOfWeek(i)).isEqualTo(last);
		}
	}

	@Property
	void firstDayOfWeekIsTheEarliestDayOfThatWeek(@ForAll("weekdays") Set<LocalDate> days) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		for (int week = 0; week < calendar.weekCount(); week++) {
			int first = calendar.firstDayOfWeek(week);
			assertThat(calendar.weekOf(first)).isEqualTo(week);
			if (first > 0) {
				assertThat(calendar.weekOf(first - 1)).isEqualTo(week - 1);
			}
		}
		assertThat(calendar.firstDayOfWeek(calendar.weekCount())).isEqualTo(calendar.size());
	}

	@Property
	void indexOfAndDaysUpToAgreeWithTheDays(@ForAll("weekdays") Set<LocalDate> days) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		assertThat(calendar.size()).isEqualTo(days.size());
		for (int i = 0; i < calendar.size(); i++) {
			LocalDate day = calendar.day(i);
			assertThat(calendar.indexOf(day)).isEqualTo(i);
			assertThat(calendar.daysUpTo(day)).isEqualTo(i + 1);
			if (i > 0) {
				assertThat(day).isAfter(calendar.day(i - 1));
			}
		}
	}

	@Property
	void daysUpToCountsTheSchoolDaysNotAfterAnyDate(@ForAll("weekdays") Set<LocalDate> days,
			@ForAll("probe") LocalDate date) {
		SchoolCalendar calendar = SchoolCalendar.of(days);
		long expected = days.stream().filter((day) -> !day.isAfter(date)).count();
		assertThat(calendar.daysUpTo(date)).isEqualTo((int) expected);
		assertThat(calendar.indexOf(date)).isEqualTo(days.contains(date) ? (int) expected - 1 : -1);
	}

	@Provide
	Arbitrary<LocalDate> probe() {
		return Arbitraries.integers().between(-10, 3 * 365 + 10).map(ORIGIN::plusDays);
	}

	@Property
	void yearNeverGoesBackAndTurnsExactlyWhenTheAcademicYearChanges(@ForAll("weekdays") Set<LocalDate> days,
			@ForAll("yearStart") MonthDay yearStart) {
		SchoolCalendar calendar = SchoolCalendar.of(days, yearStart);
		for (int i = 1; i < calendar.size(); i++) {
			int step = calendar.yearOf(i) - calendar.yearOf(i - 1);
			boolean turned = SchoolCalendar.academicYearOf(calendar.day(i), yearStart) != SchoolCalendar
				.academicYearOf(calendar.day(i - 1), yearStart);
			assertThat(step).isEqualTo(turned ? 1 : 0);
		}
	}

	private static String isoWeek(LocalDate day) {
		return day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
	}

}
