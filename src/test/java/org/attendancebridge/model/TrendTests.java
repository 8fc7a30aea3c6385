package org.attendancebridge.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendTests {

	/** Weekdays from Monday 2 September 2024, one week per string of five day codes. */
	private static PupilRegister register(SchoolCalendar calendar, String... weeks) {
		PupilRegister register = new PupilRegister(calendar.size());
		int day = 0;
		for (String week : weeks) {
			for (char c : week.toCharArray()) {
				DfeCode code = DfeCode.of(String.valueOf(c), calendar.day(day));
				register.put(day, Session.AM, code);
				register.put(day, Session.PM, code);
				day++;
			}
		}
		return register;
	}

	private static SchoolCalendar weeks(int count) {
		List<LocalDate> days = new ArrayList<>();
		LocalDate monday = LocalDate.of(2024, 9, 2);
		for (int w = 0; w < count; w++) {
			for (int d = 0; d < 5; d++) {
				days.add(monday.plusWeeks(w).plusDays(d));
			}
		}
		return SchoolCalendar.of(days);
	}

	@Test
	void improvingAttendanceShowsAPositiveChange() {
		SchoolCalendar calendar = weeks(4);
		PupilRegister register = register(calendar, "IIIII", "/IIII", "/////", "////I");
		Trend trend = Trend.of(register, calendar, calendar.size() - 1, 2);
		assertThat(trend.before().attendancePct()).isEqualTo(10.0);
		assertThat(trend.recent().attendancePct()).isEqualTo(90.0);
		assertThat(trend.change()).isEqualTo(80.0);
	}

	@Test
	void withoutEarlierWeeksThereIsNoChange() {
		SchoolCalendar calendar = weeks(1);
		PupilRegister register = register(calendar, "//I//");
		Trend trend = Trend.of(register, calendar, 4, 4);
		assertThat(trend.recent().possible()).isEqualTo(10);
		assertThat(trend.change()).isZero();
	}

	@Test
	void statsCountIllnessAndSkipSessionsThatAreNotPossible() {
		SchoolCalendar calendar = weeks(1);
		PupilRegister register = register(calendar, "/I#N/");
		AttendanceStats stats = Trend.stats(register, 0, 4);
		assertThat(stats.possible()).isEqualTo(8);
		assertThat(stats.illness()).isEqualTo(2);
		assertThat(stats.unauthorised()).isEqualTo(2);
		assertThat(stats.attended()).isEqualTo(4);
	}

}
