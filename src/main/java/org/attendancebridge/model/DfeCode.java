package org.attendancebridge.model;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Every register code of the 2024 set plus the legacy codes that stayed valid for marks
 * dated before 19 August 2024. Legacy codes are mapped by the mark's date, never by
 * today's rules.
 */
public enum DfeCode {

	PRESENT_AM("/", CodeCategory.PRESENT, "present (AM)"), PRESENT_PM("\\", CodeCategory.PRESENT, "present (PM)"),
	L("L", CodeCategory.PRESENT, "late, arrived before the register closed"),
	K("K", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "education arranged by the local authority"),
	V("V", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "educational visit or trip"),
	P("P", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "approved sporting activity"),
	W("W", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "work experience"),
	B("B", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "other approved supervised off-site education"),
	C1("C1", CodeCategory.AUTHORISED_ABSENCE, "leave: regulated performance or employment abroad"),
	C2("C2", CodeCategory.AUTHORISED_ABSENCE, "leave: agreed temporary part-time timetable"),
	C("C", CodeCategory.AUTHORISED_ABSENCE, "leave: other exceptional circumstances"),
	M("M", CodeCategory.AUTHORISED_ABSENCE, "medical or dental appointment"),
	J1("J1", CodeCategory.AUTHORISED_ABSENCE, "interview"), S("S", CodeCategory.AUTHORISED_ABSENCE, "study leave"),
	T("T", CodeCategory.AUTHORISED_ABSENCE, "travelling for occupational purposes"),
	R("R", CodeCategory.AUTHORISED_ABSENCE, "religious observance"), I("I", CodeCategory.AUTHORISED_ABSENCE, "illness"),
	E("E", CodeCategory.AUTHORISED_ABSENCE, "suspended or excluded, no alternative provision"),
	G("G", CodeCategory.UNAUTHORISED_ABSENCE, "holiday not granted"),
	N("N", CodeCategory.UNAUTHORISED_ABSENCE, "reason not yet provided"),
	O("O", CodeCategory.UNAUTHORISED_ABSENCE, "absent, other or unknown reason"),
	U("U", CodeCategory.UNAUTHORISED_ABSENCE, "arrived after the register closed"),
	D("D", CodeCategory.NOT_COUNTED, "dual registered, at the other school"),
	X("X", CodeCategory.NOT_COUNTED, "non-compulsory school age"),
	Q("Q", CodeCategory.NOT_COUNTED, "local authority access arrangements failed"),
	Y1("Y1", CodeCategory.NOT_COUNTED, "transport unavailable"),
	Y2("Y2", CodeCategory.NOT_COUNTED, "widespread travel disruption"),
	Y3("Y3", CodeCategory.NOT_COUNTED, "part of the premises closed"),
	Y4("Y4", CodeCategory.NOT_COUNTED, "whole school unexpectedly closed"),
	Y5("Y5", CodeCategory.NOT_COUNTED, "in criminal justice detention"),
	Y6("Y6", CodeCategory.NOT_COUNTED, "public health guidance or law"),
	Y7("Y7", CodeCategory.NOT_COUNTED, "other unavoidable cause"), Z("Z", CodeCategory.NOT_COUNTED, "not yet on roll"),
	CLOSED("#", CodeCategory.NOT_COUNTED, "planned school closure"), NO_MARK("-", CodeCategory.NO_MARK, "no mark yet"),

	/** Legacy: agreed family holiday (before 19 August 2024). */
	H("H", CodeCategory.AUTHORISED_ABSENCE, "agreed holiday (legacy)", true),
	/** Legacy: agreed extended family holiday (before 2014, kept for history). */
	F("F", CodeCategory.AUTHORISED_ABSENCE, "extended family holiday (legacy)", true),
	/**
	 * Legacy: interview, which counted as an approved educational activity until 2024.
	 */
	J("J", CodeCategory.APPROVED_EDUCATIONAL_ACTIVITY, "interview (legacy)", true),
	/** Legacy: enforced closure or exceptional circumstances. */
	Y("Y", CodeCategory.NOT_COUNTED, "enforced closure (legacy)", true);

	/** The first day on which only the 2024 set is valid. */
	public static final LocalDate CODES_2024_FROM = LocalDate.of(2024, 8, 19);

	private static final DfeCode[] VALUES = values();

	private static final Map<String, DfeCode> BY_SYMBOL = new HashMap<>();

	static {
		for (DfeCode code : VALUES) {
			BY_SYMBOL.put(code.symbol, code);
		}
	}

	private final String symbol;

	private final CodeCategory category;

	private final String meaning;

	private final boolean legacy;

	DfeCode(String symbol, CodeCategory category, String meaning) {
		this(symbol, category, meaning, false);
	}

	DfeCode(String symbol, CodeCategory category, String meaning, boolean legacy) {
		this.symbol = symbol;
		this.category = category;
		this.meaning = meaning;
		this.legacy = legacy;
	}

	/**
	 * The code a register symbol stands for on the given date.
	 * @throws UnknownCodeException when the symbol is no DfE code, or a legacy code is
	 * used on or after 19 August 2024
	 */
	public static DfeCode of(String symbol, LocalDate date) {
		DfeCode code = BY_SYMBOL.get(symbol);
		if (code == null) {
			throw new UnknownCodeException("unknown register code '" + symbol + "'");
		}
		if (code.legacy && !date.isBefore(CODES_2024_FROM)) {
			throw new UnknownCodeException(
					"legacy code '" + symbol + "' is not valid on " + date + " (legacy codes end on 18 August 2024)");
		}
		return code;
	}

	/**
	 * The code with the given {@link #ordinal()}: the compact form registers are kept in.
	 */
	public static DfeCode ofOrdinal(int ordinal) {
		return VALUES[ordinal];
	}

	public static int count() {
		return VALUES.length;
	}

	public String symbol() {
		return this.symbol;
	}

	public CodeCategory category() {
		return this.category;
	}

	public String meaning() {
		return this.meaning;
	}

	public boolean isLegacy() {
		return this.legacy;
	}

	public boolean isPossible() {
		return this.category.isPossible();
	}

	public boolean isAttendance() {
		return this.category.isAttendance();
	}

	public boolean isAbsence() {
		return this.category.isAbsence();
	}

	public boolean isUnauthorised() {
		return this.category == CodeCategory.UNAUTHORISED_ABSENCE;
	}

	public boolean isIllness() {
		return this == I;
	}

}
