package org.attendancebridge.policy;

/** A span counted in school days or school weeks, so that holidays never count. */
public record Period(int amount, Unit unit) {

	public enum Unit {

		SCHOOL_DAYS, SCHOOL_WEEKS

	}

	public static Period schoolWeeks(int weeks) {
		return new Period(weeks, Unit.SCHOOL_WEEKS);
	}

	public static Period schoolDays(int days) {
		return new Period(days, Unit.SCHOOL_DAYS);
	}

	@Override
	public String toString() {
		return this.amount + ((this.unit == Unit.SCHOOL_DAYS) ? " school days" : " school weeks");
	}

}
