package org.attendancebridge.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the DfE arithmetic over arbitrary registers. */
class AttendanceStatsProperties {

	@Provide
	Arbitrary<List<DfeCode>> codes() {
		return Arbitraries.of(DfeCode.class).list().ofMaxSize(400);
	}

	@Provide
	Arbitrary<DfeCode> attendanceCode() {
		return Arbitraries.of(DfeCode.class).filter(DfeCode::isAttendance);
	}

	@Provide
	Arbitrary<DfeCode> absenceCode() {
		return Arbitraries.of(DfeCode.class).filter(DfeCode::isAbsence);
	}

	@Provide
	Arbitrary<DfeCode> notPossibleCode() {
		return Arbitraries.of(DfeCode.class).filter((code) -> !code.isPossible());
	}

	@Property
	void attendanceIsAPercentage(@ForAll("codes") List<DfeCode> codes) {
		AttendanceStats stats = AttendanceStats.of(codes);
		assertThat(stats.attendancePct()).isBetween(0.0, 100.0);
		assertThat(stats.absencePct()).isBetween(0.0, 100.0);
	}

	@Property
	void possibleIsTheSumOfTheFourCountedCategories(@ForAll("codes") List<DfeCode> codes) {
		AttendanceStats stats = AttendanceStats.of(codes);
		assertThat(stats.possible())
			.isEqualTo(stats.present() + stats.approvedActivity() + stats.authorised() + stats.unauthorised());
		assertThat(stats.possible()).isEqualTo(stats.attended() + stats.absent());
		long counted = codes.stream()
			.filter((code) -> code.category() != CodeCategory.NOT_COUNTED && code.category() != CodeCategory.NO_MARK)
			.count();
		assertThat(stats.possible()).isEqualTo((int) counted);
		assertThat(stats.illness()).isEqualTo((int) codes.stream().filter((code) -> code == DfeCode.I).count());
	}

	@Property
	void orderOfTheMarksDoesNotMatter(@ForAll("codes") List<DfeCode> codes) {
		List<DfeCode> reversed = new ArrayList<>(codes);
		Collections.reverse(reversed);
		assertThat(AttendanceStats.of(reversed)).isEqualTo(AttendanceStats.of(codes));
	}

	@Property
	void statsOfAConcatenationAreTheSumOfTheParts(@ForAll("codes") List<DfeCode> a, @ForAll("codes") List<DfeCode> b) {
		assertThat(AttendanceStats.of(concat(a, b))).isEqualTo(AttendanceStats.of(a).plus(AttendanceStats.of(b)));
	}

	@Property
	void plusIsCommutative(@ForAll("codes") List<DfeCode> a, @ForAll("codes") List<DfeCode> b) {
		AttendanceStats x = AttendanceStats.of(a);
		AttendanceStats y = AttendanceStats.of(b);
		assertThat(x.plus(y)).isEqualTo(y.plus(x));
	}

	@Property
	void plusIsAssociative(@ForAll("codes") List<DfeCode> a, @ForAll("codes") List<DfeCode> b,
			@ForAll("codes") List<DfeCode> c) {
		AttendanceStats x = AttendanceStats.of(a);
		AttendanceStats y = AttendanceStats.of(b);
		AttendanceStats z = AttendanceStats.of(c);
		assertThat(x.plus(y).plus(z)).isEqualTo(x.plus(y.plus(z)));
	}

	@Property
	void emptyIsTheIdentityOfPlus(@ForAll("codes") List<DfeCode> a) {
		AttendanceStats x = AttendanceStats.of(a);
		assertThat(x.plus(AttendanceStats.EMPTY)).isEqualTo(x);
		assertThat(AttendanceStats.EMPTY.plus(x)).isEqualTo(x);
	}

	@Property
	void attendanceOfAConcatenationLiesBetweenThePartsAttendance(@ForAll("codes") List<DfeCode> a,
			@ForAll("codes") List<DfeCode> b) {
		double pa = AttendanceStats.of(a).attendancePct();
		double pb = AttendanceStats.of(b).attendancePct();
		double whole = AttendanceStats.of(concat(a, b)).attendancePct();
		assertThat(whole).isBetween(Math.min(pa, pb), Math.max(pa, pb));
	}

	@Property
	void attendingASessionNeverLowersAttendance(@ForAll("codes") List<DfeCode> codes,
			@ForAll("attendanceCode") DfeCode attended) {
		AttendanceStats before = AttendanceStats.of(codes);
		AttendanceStats after = AttendanceStats.of(concat(codes, List.of(attended)));
		assertThat(after.attendancePct()).isGreaterThanOrEqualTo(before.attendancePct());
		assertThat(after.possible()).isEqualTo(before.possible() + 1);
	}

	@Property
	void anAbsenceNeverRaisesAttendance(@ForAll("codes") List<DfeCode> codes, @ForAll("absenceCode") DfeCode absence) {
		AttendanceStats before = AttendanceStats.of(codes);
		AttendanceStats after = AttendanceStats.of(concat(codes, List.of(absence)));
		assertThat(after.attendancePct()).isLessThanOrEqualTo(before.attendancePct());
		assertThat(after.absent()).isEqualTo(before.absent() + 1);
		assertThat(after.hoursLost(3.25)).isGreaterThan(before.hoursLost(3.25));
	}

	@Property
	void aSessionThatIsNotPossibleChangesNothing(@ForAll("codes") List<DfeCode> codes,
			@ForAll("notPossibleCode") DfeCode code) {
		assertThat(AttendanceStats.of(concat(codes, List.of(code)))).isEqualTo(AttendanceStats.of(codes));
	}

	@Property
	void persistentAbsenceIsMissingATenthOfPossibleSessions(@ForAll("codes") List<DfeCode> codes) {
		AttendanceStats stats = AttendanceStats.of(codes);
		if (stats.possible() == 0) {
			assertThat(stats.persistentlyAbsent()).isFalse();
			return;
		}
		assertThat(stats.persistentlyAbsent()).isEqualTo(stats.absent() * 10 >= stats.possible());
		assertThat(stats.persistentlyAbsent()).isEqualTo(stats.attendancePct() <= 90.0);
	}

	@Property
	void severeAbsenceIsMissingHalfOfPossibleSessions(@ForAll("codes") List<DfeCode> codes) {
		AttendanceStats stats = AttendanceStats.of(codes);
		if (stats.possible() == 0) {
			assertThat(stats.severelyAbsent()).isFalse();
			return;
		}
		assertThat(stats.severelyAbsent()).isEqualTo(stats.absent() * 2 >= stats.possible());
		assertThat(stats.severelyAbsent()).isEqualTo(stats.attendancePct() <= 50.0);
		if (stats.severelyAbsent()) {
			assertThat(stats.persistentlyAbsent()).isTrue();
		}
	}

	@Property
	void oneDecimalIsWithinHalfATenthOfThePercentage(@ForAll("codes") List<DfeCode> codes) {
		double pct = AttendanceStats.of(codes).attendancePct();
		double shown = Percent.oneDecimal(pct);
		assertThat(Math.abs(shown - pct)).isLessThanOrEqualTo(0.05 + 1e-9);
		assertThat(BigDecimal.valueOf(shown).stripTrailingZeros().scale()).isLessThanOrEqualTo(1);
	}

	private static List<DfeCode> concat(List<DfeCode> a, List<DfeCode> b) {
		List<DfeCode> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
