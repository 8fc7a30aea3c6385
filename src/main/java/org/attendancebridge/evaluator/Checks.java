package org.attendancebridge.evaluator;

import java.util.List;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Percent;
import org.attendancebridge.policy.Condition.Comparison;
import org.attendancebridge.policy.MonitorStart;

/** The compiled forms of the policy language's conditions. */
final class Checks {

	private Checks() {
	}

	static String pct(double value) {
		return Percent.oneDecimal(value) + "%";
	}

	static final class Always extends Check {

		@Override
		boolean test(PupilTrack track) {
			return true;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("every pupil");
		}

	}

	/** Year-to-date attendance against a threshold, once enough sessions have passed. */
	static final class YearAttendance extends Check {

		private final Comparison comparison;

		private final double threshold;

		private final int minimumSessions;

		YearAttendance(Comparison comparison, double threshold, int minimumSessions) {
			this.comparison = comparison;
			this.threshold = threshold;
			this.minimumSessions = minimumSessions;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.possible >= this.minimumSessions && this.comparison.test(track.pct, this.threshold);
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("attendance ")
				.append(pct(track.pct))
				.append(" (")
				.append(track.attended)
				.append(" of ")
				.append(track.possible)
				.append(" possible sessions this year) is ")
				.append(this.comparison.describe())
				.append(' ')
				.append(this.threshold)
				.append('%');
		}

	}

	/** Attendance over a rolling window of school weeks. */
	static final class WindowAttendance extends Check {

		private final int window;

		private final int weeks;

		private final Comparison comparison;

		private final double threshold;

		private final int minimumSessions;

		WindowAttendance(int window, int weeks, Comparison comparison, double threshold, int minimumSessions) {
			this.window = window;
			this.weeks = weeks;
			this.comparison = comparison;
			this.threshold = threshold;
			this.minimumSessions = minimumSessions;
		}

		@Override
		boolean test(PupilTrack track) {
			int possible = track.possibleSum[this.window];
			return possible >= this.minimumSessions
					&& this.comparison.test(Percent.of(track.attendedSum[this.window], possible), this.threshold);
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			int possible = track.possibleSum[this.window];
			out.append("attendance over the last ")
				.append(this.weeks)
				.append(" school weeks ")
				.append(pct(Percent.of(track.attendedSum[this.window], possible)))
				.append(" (")
				.append(track.attendedSum[this.window])
				.append(" of ")
				.append(possible)
				.append(") is ")
				.append(this.comparison.describe())
				.append(' ')
				.append(this.threshold)
				.append('%');
		}

	}

	static final class Consecutive extends Check {

		private final int atLeast;

		Consecutive(int atLeast) {
			this.atLeast = atLeast;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.consecutive >= this.atLeast;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append(track.consecutive)
				.append(" consecutive school days absent (rule: ")
				.append(this.atLeast)
				.append(')');
		}

	}

	static final class FirstDay extends Check {

		@Override
		boolean test(PupilTrack track) {
			return track.firstDay;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("first day of absence, marked ").append(DfeCode.ofOrdinal(track.todayFirst).symbol());
		}

	}

	static final class Return extends Check {

		private final int minDays;

		Return(int minDays) {
			this.minDays = minDays;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.returned && track.lastStreak >= this.minDays;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("back in school after ").append(track.lastStreak).append(" school days of absence");
		}

	}

	/**
	 * A session still carrying a code (N) a number of school days after it was marked.
	 */
	static final class Unresolved extends Check {

		private final int code;

		private final int afterDays;

		Unresolved(DfeCode code, int afterDays) {
			this.code = code.ordinal();
			this.afterDays = afterDays;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.historyCode(this.afterDays, true) == this.code
					|| track.historyCode(this.afterDays, false) == this.code;
		}

		/** The register day whose mark is still unresolved. */
		int markDay(PupilTrack track) {
			return track.day - this.afterDays;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			boolean am = track.historyCode(this.afterDays, true) == this.code;
			boolean pm = track.historyCode(this.afterDays, false) == this.code;
			out.append(DfeCode.ofOrdinal(this.code).symbol())
				.append(" mark ")
				.append(am && pm ? "AM and PM" : am ? "AM" : "PM")
				.append(" still unresolved after ")
				.append(this.afterDays)
				.append(" school days");
		}

	}

	/**
	 * Sessions (or days of two sessions) with some codes, in the year or a rolling
	 * window.
	 */
	static final class Count extends Check {

		private final int slot;

		private final int sessions;

		private final boolean days;

		private final String what;

		private final int weeks;

		Count(int slot, int atLeast, boolean days, String what, int weeks) {
			this.slot = slot;
			this.sessions = days ? atLeast * 2 : atLeast;
			this.days = days;
			this.what = what;
			this.weeks = weeks;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.slotCount(this.slot) >= this.sessions;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			int count = track.slotCount(this.slot);
			out.append(count).append(' ').append(this.what).append(" sessions");
			if (this.days) {
				out.append(" (").append(count / 2.0).append(" days)");
			}
			out.append((this.weeks > 0) ? " in the last " + this.weeks + " school weeks" : " this year")
				.append(", threshold ")
				.append(this.days ? this.sessions / 2 + " days" : this.sessions + " sessions");
		}

	}

	static final class Cohort extends Check {

		private final int mask;

		private final String names;

		Cohort(int mask, String names) {
			this.mask = mask;
			this.names = names;
		}

		@Override
		boolean test(PupilTrack track) {
			return (track.flags & this.mask) != 0;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("pupil is in cohort ").append(this.names);
		}

	}

	/**
	 * In force once the pupil escalated into this level, for as long as the level below
	 * holds.
	 */
	static final class NoImprovement extends Check {

		private final int rank;

		private final int fromRank;

		private final String from;

		private final MonitorStart start;

		NoImprovement(int rank, int fromRank, String from, MonitorStart start) {
			this.rank = rank;
			this.fromRank = fromRank;
			this.from = from;
			this.start = start;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.escalated[this.rank] && track.inForce[this.fromRank];
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("no improvement at the review of ")
				.append(this.from)
				.append(": attendance ")
				.append(pct(track.pct))
				.append(", ")
				.append(pct(track.reviewedBaseline))
				.append(" when the monitoring period began");
			if (track.reviewedStart == null) {
				return;
			}
			out.append(" on ").append(track.reviewedStart);
			switch (track.reviewedCause) {
				case ENTRY -> out.append(", on entering ").append(this.from);
				case REVIEW -> out.append(", at the previous review");
				case TASK_COMPLETED -> out.append(", when ").append(this.start.task()).append(" was completed");
				case WAIT_OVER -> out.append(", ")
					.append(this.start.task())
					.append(" not having been completed within ")
					.append(this.start.waitSchoolDays())
					.append(" school days of entering ")
					.append(this.from);
			}
		}

	}

	static final class Entered extends Check {

		private final int rank;

		Entered(int rank) {
			this.rank = rank;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.enteredToday && track.stage >= this.rank;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("moved up the ladder today");
		}

	}

	static final class InLevel extends Check {

		private final int rank;

		InLevel(int rank) {
			this.rank = rank;
		}

		@Override
		boolean test(PupilTrack track) {
			return track.stage >= this.rank;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("at stage rank ").append(track.stage);
		}

	}

	static final class PerfectWeek extends Check {

		@Override
		boolean test(PupilTrack track) {
			return track.perfectWeek;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("attended every session this week (")
				.append(track.perfectWeeks)
				.append(" perfect weeks this year)");
		}

	}

	static final class TodayCode extends Check {

		private final long anyOf;

		private final long noneOf;

		TodayCode(long anyOf, long noneOf) {
			this.anyOf = anyOf;
			this.noneOf = noneOf;
		}

		@Override
		boolean test(PupilTrack track) {
			if (track.todayFirst == PupilTrack.NO_CODE) {
				return false;
			}
			long bit = 1L << track.todayFirst;
			return (this.anyOf == 0 || (this.anyOf & bit) != 0) && (this.noneOf & bit) == 0;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("today's mark is ").append(DfeCode.ofOrdinal(track.todayFirst).symbol());
		}

	}

	static final class All extends Check {

		private final Check[] checks;

		All(List<Check> checks) {
			this.checks = checks.toArray(Check[]::new);
		}

		@Override
		boolean test(PupilTrack track) {
			for (Check check : this.checks) {
				if (!Check.test(check, track)) {
					return false;
				}
			}
			return true;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			for (int i = 0; i < this.checks.length; i++) {
				if (i > 0) {
					out.append("; ");
				}
				this.checks[i].explain(track, out);
			}
		}

	}

	static final class AnyOf extends Check {

		private final Check[] checks;

		AnyOf(List<Check> checks) {
			this.checks = checks.toArray(Check[]::new);
		}

		@Override
		boolean test(PupilTrack track) {
			for (Check check : this.checks) {
				if (Check.test(check, track)) {
					return true;
				}
			}
			return false;
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			boolean first = true;
			for (Check check : this.checks) {
				if (check.test(track)) {
					if (!first) {
						out.append("; ");
					}
					check.explain(track, out);
					first = false;
				}
			}
		}

	}

	static final class Not extends Check {

		private final Check check;

		Not(Check check) {
			this.check = check;
		}

		@Override
		boolean test(PupilTrack track) {
			return !this.check.test(track);
		}

		@Override
		void explain(PupilTrack track, StringBuilder out) {
			out.append("not (");
			this.check.explain(track, out);
			out.append(')');
		}

	}

}
