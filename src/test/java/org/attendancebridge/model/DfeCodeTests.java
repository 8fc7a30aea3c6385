package org.attendancebridge.model;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The code table against domain.md, written out here independently of the enum so that a
 * wrong category or possible-session flag in {@link DfeCode} shows up.
 */
class DfeCodeTests {

	private static final LocalDate CHANGE = LocalDate.of(2024, 8, 19);

	private static final LocalDate DAY_BEFORE_CHANGE = LocalDate.of(2024, 8, 18);

	private static final LocalDate AFTER_CHANGE = LocalDate.of(2025, 3, 3);

	/** The symbols of domain.md's table "Codes in force from 19 August 2024". */
	private static final Set<String> SYMBOLS_2024 = Set.of("/", "\\", "L", "K", "V", "P", "W", "B", "C1", "C2", "C",
			"M", "J1", "S", "T", "R", "I", "E", "G", "N", "O", "U", "D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6",
			"Y7", "Z", "#", "-");

	@ParameterizedTest(name = "{0} counts as {1}, possible session: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			'/'  | PRESENT                       | yes
			'\\' | PRESENT                       | yes
			L    | PRESENT                       | yes
			K    | APPROVED_EDUCATIONAL_ACTIVITY | yes
			V    | APPROVED_EDUCATIONAL_ACTIVITY | yes
			P    | APPROVED_EDUCATIONAL_ACTIVITY | yes
			W    | APPROVED_EDUCATIONAL_ACTIVITY | yes
			B    | APPROVED_EDUCATIONAL_ACTIVITY | yes
			C1   | AUTHORISED_ABSENCE            | yes
			C2   | AUTHORISED_ABSENCE            | yes
			C    | AUTHORISED_ABSENCE            | yes
			M    | AUTHORISED_ABSENCE            | yes
			J1   | AUTHORISED_ABSENCE            | yes
			S    | AUTHORISED_ABSENCE            | yes
			T    | AUTHORISED_ABSENCE            | yes
			R    | AUTHORISED_ABSENCE            | yes
			I    | AUTHORISED_ABSENCE            | yes
			E    | AUTHORISED_ABSENCE            | yes
			G    | UNAUTHORISED_ABSENCE          | yes
			N    | UNAUTHORISED_ABSENCE          | yes
			O    | UNAUTHORISED_ABSENCE          | yes
			U    | UNAUTHORISED_ABSENCE          | yes
			D    | NOT_COUNTED                   | no
			X    | NOT_COUNTED                   | no
			Q    | NOT_COUNTED                   | no
			Y1   | NOT_COUNTED                   | no
			Y2   | NOT_COUNTED                   | no
			Y3   | NOT_COUNTED                   | no
			Y4   | NOT_COUNTED                   | no
			Y5   | NOT_COUNTED                   | no
			Y6   | NOT_COUNTED                   | no
			Y7   | NOT_COUNTED                   | no
			Z    | NOT_COUNTED                   | no
			'#'  | NOT_COUNTED                   | no
			'-'  | NO_MARK                       | no
			""")
	void everyCodeOfThe2024TableHasItsCategoryAndPossibleFlag(String symbol, CodeCategory category, String possible) {
		boolean expectedPossible = "yes".equals(possible);
		for (LocalDate date : new LocalDate[] { DAY_BEFORE_CHANGE, CHANGE, AFTER_CHANGE }) {
			DfeCode code = DfeCode.of(symbol, date);
			assertThat(code.symbol()).isEqualTo(symbol);
			assertThat(code.category()).isEqualTo(category);
			assertThat(code.isPossible()).isEqualTo(expectedPossible);
			assertThat(code.isLegacy()).isFalse();
			assertThat(code.isAttendance())
				.isEqualTo(category == CodeCategory.PRESENT || category == CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY);
			assertThat(code.isAbsence()).isEqualTo(
					category == CodeCategory.AUTHORISED_ABSENCE || category == CodeCategory.UNAUTHORISED_ABSENCE);
			assertThat(code.isUnauthorised()).isEqualTo(category == CodeCategory.UNAUTHORISED_ABSENCE);
		}
	}

	@Test
	void theCurrentCodesAreExactlyThe2024Table() {
		Set<String> current = Arrays.stream(DfeCode.values())
			.filter((code) -> !code.isLegacy())
			.map(DfeCode::symbol)
			.collect(Collectors.toSet());
		assertThat(current).containsExactlyInAnyOrderElementsOf(SYMBOLS_2024);
	}

	@Test
	void theLegacyCodesAreExactlyHFJAndY() {
		Set<String> legacy = Arrays.stream(DfeCode.values())
			.filter(DfeCode::isLegacy)
			.map(DfeCode::symbol)
			.collect(Collectors.toSet());
		assertThat(legacy).containsExactlyInAnyOrder("H", "F", "J", "Y");
	}

	@Test
	void everySymbolStandsForOneCode() {
		Set<String> seen = new HashSet<>();
		for (DfeCode code : DfeCode.values()) {
			assertThat(seen.add(code.symbol())).as("symbol %s is used twice", code.symbol()).isTrue();
		}
	}

	@Test
	void presentAmAndPresentPmAreBothPresent() {
		DfeCode am = DfeCode.of("/", AFTER_CHANGE);
		DfeCode pm = DfeCode.of("\\", AFTER_CHANGE);
		assertThat(am).isEqualTo(DfeCode.PRESENT_AM);
		assertThat(pm).isEqualTo(DfeCode.PRESENT_PM);
		assertThat(am).isNotEqualTo(pm);
		assertThat(am.category()).isEqualTo(CodeCategory.PRESENT);
		assertThat(pm.category()).isEqualTo(CodeCategory.PRESENT);
	}

	@Test
	void lateBeforeTheRegisterClosedIsPresentAndAfterItIsUnauthorised() {
		assertThat(DfeCode.of("L", AFTER_CHANGE).category()).isEqualTo(CodeCategory.PRESENT);
		assertThat(DfeCode.of("U", AFTER_CHANGE).category()).isEqualTo(CodeCategory.UNAUTHORISED_ABSENCE);
	}

	@Test
	void onlyIllnessIsIllness() {
		for (DfeCode code : DfeCode.values()) {
			assertThat(code.isIllness()).as(code.symbol()).isEqualTo("I".equals(code.symbol()));
		}
	}

	@ParameterizedTest(name = "legacy {0} counts as {1} before the change")
	@CsvSource(delimiter = '|', textBlock = """
			H | AUTHORISED_ABSENCE            | yes
			F | AUTHORISED_ABSENCE            | yes
			J | APPROVED_EDUCATIONAL_ACTIVITY | yes
			Y | NOT_COUNTED                   | no
			""")
	void legacyCodeBeforeTheChangeMapsByTheMarksDate(String symbol, CodeCategory category, String possible) {
		for (LocalDate date : new LocalDate[] { DAY_BEFORE_CHANGE, LocalDate.of(2013, 9, 2),
				LocalDate.of(2023, 1, 9) }) {
			DfeCode code = DfeCode.of(symbol, date);
			assertThat(code.isLegacy()).isTrue();
			assertThat(code.symbol()).isEqualTo(symbol);
			assertThat(code.category()).isEqualTo(category);
			assertThat(code.isPossible()).isEqualTo("yes".equals(possible));
		}
	}

	@ParameterizedTest(name = "legacy {0} on {1} is an error")
	@CsvSource({ "H, 2024-08-19", "F, 2024-08-19", "J, 2024-08-19", "Y, 2024-08-19", "H, 2025-03-03", "J, 2030-01-07" })
	void legacyCodeAfterTheChangeIsAnError(String symbol, LocalDate date) {
		assertThatExceptionOfType(UnknownCodeException.class).isThrownBy(() -> DfeCode.of(symbol, date))
			.withMessageContaining("'" + symbol + "'")
			.withMessageContaining(date.toString());
	}

	@Test
	void unknownCodeExceptionIsAnIllegalArgument() {
		assertThat(new UnknownCodeException("x")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void oldCIsAnAuthorisedAbsenceAndOldXIsNotCounted() {
		LocalDate old = LocalDate.of(2022, 11, 14);
		assertThat(DfeCode.of("C", old).category()).isEqualTo(CodeCategory.AUTHORISED_ABSENCE);
		assertThat(DfeCode.of("C", old).isPossible()).isTrue();
		assertThat(DfeCode.of("X", old).category()).isEqualTo(CodeCategory.NOT_COUNTED);
		assertThat(DfeCode.of("X", old).isPossible()).isFalse();
	}

	@ParameterizedTest(name = "''{0}'' is no code")
	@NullAndEmptySource
	@ValueSource(strings = { "A", "l", "present", " L", "L ", "Y8", "Y0", "C3", "J2", "//", "*", "?", "0" })
	void unknownSymbolIsAnError(String symbol) {
		assertThatExceptionOfType(UnknownCodeException.class)
			.isThrownBy(() -> DfeCode.of(symbol, LocalDate.of(2024, 9, 4)))
			.withMessageContaining("'" + symbol + "'");
		assertThatExceptionOfType(UnknownCodeException.class)
			.isThrownBy(() -> DfeCode.of(symbol, LocalDate.of(2020, 9, 4)));
	}

	@Test
	void ordinalRoundTripsForEveryCode() {
		assertThat(DfeCode.count()).isEqualTo(DfeCode.values().length);
		for (DfeCode code : DfeCode.values()) {
			assertThat(DfeCode.ofOrdinal(code.ordinal())).isSameAs(code);
		}
	}

	@Test
	void everyCodeFitsTheRegistersByte() {
		// PupilRegister keeps ordinal + 1 in a signed byte
		assertThat(DfeCode.count() + 1).isLessThanOrEqualTo(Byte.MAX_VALUE);
	}

	@Test
	void everyCodeHasAMeaning() {
		for (DfeCode code : DfeCode.values()) {
			assertThat(code.meaning()).as(code.symbol()).isNotBlank();
		}
	}

}
