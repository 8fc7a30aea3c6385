package org.attendancebridge.policy;

import java.util.List;
import java.util.Set;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;

/**
 * What makes a rule true on a school day. Conditions are data; the evaluator compiles
 * them. Each record mirrors one key of the policy language (see policies/README.md).
 */
public sealed interface Condition {

	/** True for every pupil (the universal level). */
	record Always() implements Condition {
	}

	/** Attendance % compared with a threshold, year to date or over a rolling window. */
	record Attendance(Comparison comparison, double pct, Period window) implements Condition {
	}

	/** The pupil has been absent all day for at least this many school days running. */
	record ConsecutiveDaysAbsent(int atLeast) implements Condition {
	}

	/**
	 * Today's first session is an absence and the previous school day was not a day of
	 * absence.
	 */
	record FirstDayOfAbsence() implements Condition {
	}

	/** The pupil attends today after at least this many whole days of absence. */
	record ReturnAfterAbsence(int minDays) implements Condition {
	}

	/** A session marked with this code this many school days ago still carries it. */
	record UnresolvedCode(DfeCode code, int afterSchoolDays) implements Condition {
	}

	/**
	 * At least this many sessions (or days of two sessions) with one of the codes, in the
	 * academic year or in a rolling window of school weeks.
	 */
	record SessionCount(Set<DfeCode> codes, String what, int atLeast, boolean days,
			Period window) implements Condition {
	}

	/** The pupil carries at least one of the flags. */
	record Cohort(Set<PupilFlag> anyOf) implements Condition {
	}

	/**
	 * At the review that ends the monitoring period of level {@code from}, attendance is
	 * not more than {@code byMoreThan} points above what it was when the period began.
	 */
	record NoImprovement(String from, double byMoreThan) implements Condition {
	}

	/** Today the pupil moved up to this level or a higher one. */
	record EnteredLevel(String atLeast) implements Condition {
	}

	/** The pupil's stage is this level or a higher one. */
	record InLevel(String atLeast) implements Condition {
	}

	/** Today ends a school week in which the pupil attended every possible session. */
	record PerfectWeek() implements Condition {
	}

	/**
	 * Today's first possible session carries one of {@code anyOf} and none of
	 * {@code noneOf}.
	 */
	record TodayCode(Set<DfeCode> anyOf, Set<DfeCode> noneOf) implements Condition {
	}

	record All(List<Condition> conditions) implements Condition {
	}

	record AnyOf(List<Condition> conditions) implements Condition {
	}

	record Not(Condition condition) implements Condition {
	}

	/** How an attendance figure is compared with a threshold. */
	enum Comparison {

		BELOW("below"), AT_MOST("atMost"), ABOVE("above"), AT_LEAST("atLeast");

		private final String key;

		Comparison(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

		public boolean test(double value, double threshold) {
			return switch (this) {
				case BELOW -> value < threshold;
				case AT_MOST -> value <= threshold;
				case ABOVE -> value > threshold;
				case AT_LEAST -> value >= threshold;
			};
		}

		public String describe() {
			return switch (this) {
				case BELOW -> "below";
				case AT_MOST -> "at most";
				case ABOVE -> "above";
				case AT_LEAST -> "at least";
			};
		}

	}

}
