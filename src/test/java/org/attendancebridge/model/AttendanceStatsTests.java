package org.attendancebridge.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttendanceStatsTests {

	private static final LocalDate TERM_DAY = LocalDate.of(2024, 9, 4);

	@Test
	void attendanceIsPresentPlusApprovedActivityOverPossible() {
		// 5 present, 1 late, 2 approved activities, 1 authorised, 1 unauthorised; 3 not
		// counted and 1 missing mark that must not be in the denominator
		AttendanceStats stats = stats("/", "\\", "/", "\\", "/", "L", "V", "K", "I", "O", "D", "#", "Y1", "-");
		assertThat(stats.possible()).isEqualTo(10);
		assertThat(stats.present()).isEqualTo(6);
		assertThat(stats.approvedActivity()).isEqualTo(2);
		assertThat(stats.authorised()).isEqualTo(1);
		assertThat(stats.unauthorised()).isEqualTo(1);
		assertThat(stats.attended()).isEqualTo(8);
		assertThat(stats.absent()).isEqualTo(2);
		assertThat(stats.attendancePct()).isEqualTo(80.0);
		assertThat(stats.absencePct()).isEqualTo(20.0);
	}

	@Test
	void approvedEducationalActivityCountsAsAttendance() {
		AttendanceStats stats = stats("K", "V", "P", "W", "B");
		assertThat(stats.possible()).isEqualTo(5);
		assertThat(stats.approvedActivity()).isEqualTo(5);
		assertThat(stats.attendancePct()).isEqualTo(100.0);
	}

	@Test
	void lateBeforeTheRegisterClosedIsPresent() {
		AttendanceStats stats = stats("L", "L", "L", "L");
		assertThat(stats.present()).isEqualTo(4);
		assertThat(stats.absent()).isZero();
		assertThat(stats.attendancePct()).isEqualTo(100.0);
	}

	@Test
	void lateAfterTheRegisterClosedIsAnUnauthorisedAbsence() {
		AttendanceStats stats = stats("/", "U");
		assertThat(stats.unauthorised()).isEqualTo(1);
		assertThat(stats.present()).isEqualTo(1);
		assertThat(stats.attendancePct()).isEqualTo(50.0);
	}

	@Test
	void notCountedCodesAndMissingMarksAreLeftOutOfPossible() {
		AttendanceStats stats = stats("D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "-");
		assertThat(stats).isEqualTo(AttendanceStats.EMPTY);
		assertThat(stats.attendancePct()).isEqualTo(100.0);
		assertThat(stats.persistentlyAbsent()).isFalse();
		assertThat(stats.severelyAbsent()).isFalse();
	}

	@Test
	void notCountedCodesDoNotDiluteAbsence() {
		AttendanceStats without = stats("/", "/", "/", "O");
		AttendanceStats with = stats("/", "/", "/", "O", "#", "#", "D", "Z");
		assertThat(with).isEqualTo(without);
		assertThat(with.attendancePct()).isEqualTo(75.0);
	}

	@Test
	void legacyCodesCountByTheirOldCategory() {
		AttendanceStats stats = AttendanceStats.of(List.of(DfeCode.J, DfeCode.H, DfeCode.F, DfeCode.Y));
		assertThat(stats.possible()).isEqualTo(3);
		assertThat(stats.approvedActivity()).isEqualTo(1);
		assertThat(stats.authorised()).isEqualTo(2);
	}

	@Test
	void illnessIsCountedAsAnAuthorisedAbsence() {
		AttendanceStats stats = stats("I", "I", "M", "/");
		assertThat(stats.illness()).isEqualTo(2);
		assertThat(stats.authorised()).isEqualTo(3);
	}

	@Test
	void exactlyTenPercentAbsenceIsPersistentAbsence() {
		AttendanceStats stats = stats(repeat("/", 9), "O");
		assertThat(stats.attendancePct()).isEqualTo(90.0);
		assertThat(stats.persistentlyAbsent()).isTrue();
		assertThat(stats.severelyAbsent()).isFalse();
	}

	@Test
	void exactlyTenPercentAbsenceOverManySessionsIsPersistentAbsence() {
		AttendanceStats stats = stats(repeat("/", 171), repeat("I", 10), repeat("G", 9));
		assertThat(stats.possible()).isEqualTo(190);
		assertThat(stats.attendancePct()).isEqualTo(90.0);
		assertThat(stats.persistentlyAbsent()).isTrue();
	}

	@Test
	void justUnderTenPercentAbsenceIsNotPersistentAbsence() {
		AttendanceStats stats = stats(repeat("/", 10), "O");
		assertThat(stats.attendancePct()).isGreaterThan(90.0);
		assertThat(stats.persistentlyAbsent()).isFalse();
		AttendanceStats large = stats(repeat("/", 172), repeat("O", 19));
		assertThat(large.attendancePct()).isGreaterThan(90.0);
		assertThat(large.persistentlyAbsent()).isFalse();
	}

	@Test
	void authorisedAbsenceCountsTowardsPersistentAbsence() {
		AttendanceStats stats = stats(repeat("/", 9), "I");
		assertThat(stats.persistentlyAbsent()).isTrue();
	}

	@Test
	void exactlyHalfAbsentIsSevereAbsence() {
		AttendanceStats stats = stats("/", "/", "O", "I");
		assertThat(stats.attendancePct()).isEqualTo(50.0);
		assertThat(stats.severelyAbsent()).isTrue();
		assertThat(stats.persistentlyAbsent()).isTrue();
	}

	@Test
	void justUnderHalfAbsentIsNotSevereAbsence() {
		AttendanceStats stats = stats("/", "/", "/", "O", "I");
		assertThat(stats.attendancePct()).isEqualTo(60.0);
		assertThat(stats.severelyAbsent()).isFalse();
		assertThat(stats.persistentlyAbsent()).isTrue();
	}

	@Test
	void noPossibleSessionsIsFullAttendanceAndNoAbsence() {
		assertThat(AttendanceStats.EMPTY.attendancePct()).isEqualTo(100.0);
		assertThat(AttendanceStats.EMPTY.absencePct()).isEqualTo(0.0);
		assertThat(AttendanceStats.EMPTY.persistentlyAbsent()).isFalse();
		assertThat(AttendanceStats.EMPTY.severelyAbsent()).isFalse();
		assertThat(AttendanceStats.EMPTY.hoursLost(3.25)).isEqualTo(0.0);
	}

	@Test
	void aggregatesOverPupilsBySummingNotByAveraging() {
		AttendanceStats halfOfTwo = stats("/", "O");
		AttendanceStats nineOfTen = stats(repeat("/", 9), "O");
		AttendanceStats total = halfOfTwo.plus(nineOfTen);
		assertThat(total.possible()).isEqualTo(12);
		assertThat(total.attended()).isEqualTo(10);
		assertThat(total.attendancePct()).isCloseTo(1000.0 / 12, within(1e-9));
		double averageOfPercentages = (halfOfTwo.attendancePct() + nineOfTen.attendancePct()) / 2;
		assertThat(averageOfPercentages).isEqualTo(70.0);
		assertThat(total.attendancePct()).isNotCloseTo(averageOfPercentages, within(1.0));
	}

	@Test
	void plusAddsEveryCount() {
		AttendanceStats a = new AttendanceStats(10, 5, 1, 2, 2, 1);
		AttendanceStats b = new AttendanceStats(20, 10, 3, 4, 3, 2);
		assertThat(a.plus(b)).isEqualTo(new AttendanceStats(30, 15, 4, 6, 5, 3));
		assertThat(a.plus(AttendanceStats.EMPTY)).isEqualTo(a);
	}

	@Test
	void hoursLostAreAbsentSessionsTimesTheSessionLength() {
		AttendanceStats stats = stats("/", "L", "V", "I", "M", "O", "#", "D");
		assertThat(stats.absent()).isEqualTo(3);
		assertThat(stats.hoursLost(3.25)).isEqualTo(9.75);
		assertThat(stats.hoursLost(2.5)).isEqualTo(7.5);
	}

	@Test
	void percentOfNothingIsAHundred() {
		assertThat(Percent.of(0, 0)).isEqualTo(100.0);
		assertThat(Percent.of(0, 10)).isEqualTo(0.0);
		assertThat(Percent.of(1, 3)).isCloseTo(33.3333333, within(1e-6));
		assertThat(Percent.of(9, 10)).isEqualTo(90.0);
	}

	@Test
	void oneDecimalRoundsHalfUp() {
		assertThat(Percent.oneDecimal(94.05)).isEqualTo(94.1);
		assertThat(Percent.oneDecimal(94.04)).isEqualTo(94.0);
		assertThat(Percent.oneDecimal(12.25)).isEqualTo(12.3);
		assertThat(Percent.oneDecimal(12.35)).isEqualTo(12.4);
		assertThat(Percent.oneDecimal(94.95)).isEqualTo(95.0);
		assertThat(Percent.oneDecimal(99.95)).isEqualTo(100.0);
		assertThat(Percent.oneDecimal(90.0)).isEqualTo(90.0);
		assertThat(Percent.oneDecimal(0.0)).isEqualTo(0.0);
		assertThat(Percent.oneDecimal(100.0)).isEqualTo(100.0);
	}

	@Test
	void oneDecimalOfComputedPercentagesRoundsTheDecimalValue() {
		assertThat(Percent.oneDecimal(Percent.of(2, 3))).isEqualTo(66.7);
		assertThat(Percent.oneDecimal(Percent.of(1, 7))).isEqualTo(14.3);
		// 1881 / 2000 = 94.05 exactly: half up, so 94.1 (not 94.0 from the binary value)
		assertThat(Percent.oneDecimal(Percent.of(1881, 2000))).isEqualTo(94.1);
		// 179 / 190 = 94.2105...
		assertThat(Percent.oneDecimal(Percent.of(179, 190))).isEqualTo(94.2);
	}

	private static AttendanceStats stats(Object... symbols) {
		List<DfeCode> codes = new ArrayList<>();
		for (Object item : symbols) {
			if (item instanceof List<?> many) {
				for (Object symbol : many) {
					codes.add(DfeCode.of((String) symbol, TERM_DAY));
				}
			}
			else {
				codes.add(DfeCode.of((String) item, TERM_DAY));
			}
		}
		return AttendanceStats.of(codes);
	}

	private static List<String> repeat(String symbol, int times) {
		return Collections.nCopies(times, symbol);
	}

}
