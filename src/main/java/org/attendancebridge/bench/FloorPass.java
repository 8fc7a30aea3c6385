package org.attendancebridge.bench;

import java.util.function.DoublePredicate;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilRegister;

/**
 * The floor the evaluator is measured against: one pass over the same in-memory registers
 * that only sums present and possible sessions per pupil, reading them the way the
 * evaluator does ({@link PupilRegister#rawAm}, {@link PupilRegister#rawPm}).
 */
final class FloorPass {

	/** Indexed by the register's raw byte (code ordinal + 1, 0 for no mark). */
	private static final int[] POSSIBLE = new int[DfeCode.count() + 1];

	private static final int[] PRESENT = new int[DfeCode.count() + 1];

	static {
		for (DfeCode code : DfeCode.values()) {
			POSSIBLE[code.ordinal() + 1] = code.isPossible() ? 1 : 0;
			PRESENT[code.ordinal() + 1] = code.isAttendance() ? 1 : 0;
		}
	}

	private FloorPass() {
	}

	/** Present and possible sessions of the first {@code pupils} pupils. */
	static Sums run(SyntheticAuthority authority, int pupils) {
		int[] present = new int[pupils];
		int[] possible = new int[pupils];
		for (int p = 0; p < pupils; p++) {
			PupilRegister register = authority.register(p);
			int days = register.schoolDays();
			int attended = 0;
			int counted = 0;
			for (int d = 0; d < days; d++) {
				int am = register.rawAm(d);
				int pm = register.rawPm(d);
				counted += POSSIBLE[am] + POSSIBLE[pm];
				attended += PRESENT[am] + PRESENT[pm];
			}
			present[p] = attended;
			possible[p] = counted;
		}
		return new Sums(present, possible);
	}

	/** Per pupil, in the authority's order. */
	record Sums(int[] present, int[] possible) {

		/** The share of pupils whose attendance % passes a test, as a percentage. */
		double share(DoublePredicate test) {
			int count = 0;
			for (int p = 0; p < this.present.length; p++) {
				double pct = (this.possible[p] == 0) ? 100.0 : this.present[p] * 100.0 / this.possible[p];
				if (test.test(pct)) {
					count++;
				}
			}
			return (this.present.length == 0) ? 0 : count * 100.0 / this.present.length;
		}

	}

}
