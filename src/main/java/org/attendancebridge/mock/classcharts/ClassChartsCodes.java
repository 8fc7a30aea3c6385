package org.attendancebridge.mock.classcharts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.model.DfeCode;

/**
 * The school's own names for register codes: Class Charts lets a school rename them, so a
 * connector needs this map. Codes not renamed keep their DfE symbol.
 */
public final class ClassChartsCodes {

	private static final Map<String, String> RENAMED = new LinkedHashMap<>();

	static {
		RENAMED.put("/", "PR");
		RENAMED.put("\\", "PR");
		RENAMED.put("L", "LT");
		RENAMED.put("I", "ILL");
		RENAMED.put("M", "MED");
		RENAMED.put("O", "UA");
		RENAMED.put("G", "HOL");
		RENAMED.put("U", "LU");
	}

	private ClassChartsCodes() {
	}

	/**
	 * The school's name for a DfE symbol (the unknown-code fault's symbol passes
	 * through).
	 */
	public static String schoolCode(String dfeSymbol) {
		return RENAMED.getOrDefault(dfeSymbol, dfeSymbol);
	}

	/** Class Charts' status for a code: present, late, absent, excused or ignore. */
	public static String status(DfeCode code) {
		if (code == DfeCode.L || code == DfeCode.U) {
			return "late";
		}
		if (code.category() == CodeCategory.UNAUTHORISED_ABSENCE) {
			return "absent";
		}
		if (code.category() == CodeCategory.AUTHORISED_ABSENCE) {
			return "excused";
		}
		return code.isAttendance() ? "present" : "ignore";
	}

	/** Every school code with the statutory code it stands for. */
	public static Map<String, String> table() {
		Map<String, String> table = new LinkedHashMap<>();
		for (DfeCode code : DfeCode.values()) {
			if (!code.isLegacy() && code != DfeCode.NO_MARK) {
				table.putIfAbsent(schoolCode(code.symbol()), code.symbol());
			}
		}
		return table;
	}

}
