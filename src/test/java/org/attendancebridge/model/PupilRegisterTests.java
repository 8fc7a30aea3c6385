package org.attendancebridge.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PupilRegisterTests {

	@Test
	void everyCodeRoundTripsInEverySession() {
		PupilRegister register = new PupilRegister(DfeCode.count());
		for (DfeCode code : DfeCode.values()) {
			assertThat(register.put(code.ordinal(), Session.AM, code)).isTrue();
			assertThat(register.put(code.ordinal(), Session.PM, code)).isTrue();
		}
		for (DfeCode code : DfeCode.values()) {
			assertThat(register.get(code.ordinal(), Session.AM)).isSameAs(code);
			assertThat(register.get(code.ordinal(), Session.PM)).isSameAs(code);
		}
	}

	@Test
	void amAndPmAreKeptApart() {
		PupilRegister register = new PupilRegister(3);
		register.put(1, Session.AM, DfeCode.PRESENT_AM);
		register.put(1, Session.PM, DfeCode.O);
		assertThat(register.get(1, Session.AM)).isEqualTo(DfeCode.PRESENT_AM);
		assertThat(register.get(1, Session.PM)).isEqualTo(DfeCode.O);
		assertThat(register.get(0, Session.AM)).isNull();
		assertThat(register.get(2, Session.PM)).isNull();
	}

	@Test
	void aSessionWithoutAMarkIsNull() {
		PupilRegister register = new PupilRegister(2);
		assertThat(register.get(0, Session.AM)).isNull();
		assertThat(register.get(1, Session.PM)).isNull();
	}

	@Test
	void theNoMarkCodeIsRecordedAsACodeNotAsAMissingMark() {
		PupilRegister register = new PupilRegister(1);
		register.put(0, Session.AM, DfeCode.NO_MARK);
		assertThat(register.get(0, Session.AM)).isEqualTo(DfeCode.NO_MARK);
		assertThat(register.rawAm(0)).isNotZero();
		assertThat(register.put(0, Session.AM, DfeCode.N)).isFalse();
	}

	@Test
	void aSecondPutToTheSameSessionReturnsFalseAndRecordsTheLaterMark() {
		PupilRegister register = new PupilRegister(1);
		assertThat(register.put(0, Session.AM, DfeCode.N)).isTrue();
		assertThat(register.put(0, Session.AM, DfeCode.O)).isFalse();
		assertThat(register.get(0, Session.AM)).isEqualTo(DfeCode.O);
		assertThat(register.put(0, Session.PM, DfeCode.N)).isTrue();
	}

	@Test
	void rawValuesAreOrdinalPlusOneOrZero() {
		PupilRegister register = new PupilRegister(2);
		register.put(0, Session.AM, DfeCode.PRESENT_AM);
		register.put(0, Session.PM, DfeCode.Y);
		assertThat(register.rawAm(0)).isEqualTo(DfeCode.PRESENT_AM.ordinal() + 1);
		assertThat(register.rawPm(0)).isEqualTo(DfeCode.Y.ordinal() + 1);
		assertThat(register.rawAm(1)).isZero();
		assertThat(register.rawPm(1)).isZero();
	}

	@Test
	void rawValuesArePositiveForEveryCode() {
		PupilRegister register = new PupilRegister(DfeCode.count());
		for (DfeCode code : DfeCode.values()) {
			register.put(code.ordinal(), Session.PM, code);
		}
		for (DfeCode code : DfeCode.values()) {
			assertThat(register.rawPm(code.ordinal())).isEqualTo(code.ordinal() + 1);
			assertThat(DfeCode.ofOrdinal(register.rawPm(code.ordinal()) - 1)).isSameAs(code);
		}
	}

	@Test
	void schoolDaysIsTheSizeGiven() {
		assertThat(new PupilRegister(190).schoolDays()).isEqualTo(190);
		assertThat(new PupilRegister(0).schoolDays()).isZero();
	}

	@Test
	void aDayOutsideTheRegisterIsRefused() {
		PupilRegister register = new PupilRegister(2);
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> register.put(2, Session.AM, DfeCode.PRESENT_AM));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> register.get(-1, Session.PM));
	}

}
