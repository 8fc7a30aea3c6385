package org.attendancebridge.evaluator;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.policy.ActionSpec;
import org.attendancebridge.policy.Condition;
import org.attendancebridge.policy.EventRule;
import org.attendancebridge.policy.LevelRule;
import org.attendancebridge.policy.Period;
import org.attendancebridge.policy.Policy;

/**
 * A policy turned into arrays and checks for the evaluator's inner loop: counting slots
 * for every distinct (codes, window) the rules ask about, a rank for every level, and the
 * escalation links that {@code noImprovement} levels make.
 */
final class CompiledPolicy {

	final Policy policy;

	final Level[] levels;

	final Event[] events;

	long[] slotMask = new long[0];

	int[] slotWeeks = new int[0];

	int[] attendanceWindowWeeks = new int[0];

	int historyDays;

	private final List<long[]> slots = new ArrayList<>();

	private final List<Integer> windows = new ArrayList<>();

	CompiledPolicy(Policy policy) {
		this.policy = policy;
		List<LevelRule> levelRules = policy.levels();
		this.levels = new Level[levelRules.size()];
		for (int rank = 0; rank < this.levels.length; rank++) {
			LevelRule rule = levelRules.get(rank);
			this.levels[rank] = new Level(rule, rank);
		}
		for (int rank = 0; rank < this.levels.length; rank++) {
			this.levels[rank].when = compile(levelRules.get(rank).when(), rank);
			this.levels[rank].guards = guards(levelRules.get(rank).actions());
		}
		List<EventRule> eventRules = policy.events();
		this.events = new Event[eventRules.size()];
		for (int i = 0; i < this.events.length; i++) {
			EventRule rule = eventRules.get(i);
			Event event = new Event(rule);
			event.when = compile(rule.when(), -1);
			event.unresolved = findUnresolved(event.when);
			event.momentary = isMomentary(rule.when());
			event.guards = guards(rule.actions());
			this.events[i] = event;
		}
		this.slotMask = new long[this.slots.size()];
		this.slotWeeks = new int[this.slots.size()];
		for (int i = 0; i < this.slots.size(); i++) {
			this.slotMask[i] = this.slots.get(i)[0];
			this.slotWeeks[i] = (int) this.slots.get(i)[1];
		}
		this.attendanceWindowWeeks = this.windows.stream().mapToInt(Integer::intValue).toArray();
	}

	static final class Level {

		final LevelRule rule;

		final int rank;

		Check when;

		Check[] guards;

		/**
		 * Levels that a review of this one can escalate to, and the margins they allow.
		 */
		final List<Integer> escalationTargets = new ArrayList<>();

		final List<Double> escalationMargins = new ArrayList<>();

		/** Levels whose review can escalate into this one. */
		final List<Integer> escalationSources = new ArrayList<>();

		Level(LevelRule rule, int rank) {
			this.rule = rule;
			this.rank = rank;
		}

	}

	static final class Event {

		final EventRule rule;

		final int dueSecond;

		Check when;

		Check[] guards;

		Checks.Unresolved unresolved;

		/**
		 * True for day facts (first day, return, N still open): they fire each day they
		 * hold.
		 */
		boolean momentary;

		Event(EventRule rule) {
			this.rule = rule;
			LocalTime due = rule.due();
			this.dueSecond = (due == null) ? -1 : due.toSecondOfDay();
		}

	}

	private Check[] guards(List<ActionSpec> actions) {
		Check[] guards = new Check[actions.size()];
		for (int i = 0; i < guards.length; i++) {
			Condition onlyIf = actions.get(i).onlyIf();
			guards[i] = (onlyIf == null) ? null : compile(onlyIf, -1);
		}
		return guards;
	}

	private static boolean isMomentary(Condition condition) {
		if (condition instanceof Condition.All all) {
			return all.conditions().stream().anyMatch(CompiledPolicy::isMomentary);
		}
		if (condition instanceof Condition.AnyOf any) {
			return any.conditions().stream().allMatch(CompiledPolicy::isMomentary);
		}
		return condition instanceof Condition.FirstDayOfAbsence || condition instanceof Condition.ReturnAfterAbsence
				|| condition instanceof Condition.UnresolvedCode || condition instanceof Condition.PerfectWeek
				|| condition instanceof Condition.EnteredLevel;
	}

	private static Checks.Unresolved findUnresolved(Check check) {
		return (check instanceof Checks.Unresolved unresolved) ? unresolved : null;
	}

	private Check compile(Condition condition, int levelRank) {
		int minimum = this.policy.settings().minimumPossibleSessions();
		if (condition instanceof Condition.Always) {
			return new Checks.Always();
		}
		if (condition instanceof Condition.Attendance attendance) {
			Period window = attendance.window();
			if (window == null) {
				return new Checks.YearAttendance(attendance.comparison(), attendance.pct(), minimum);
			}
			int weeks = (window.unit() == Period.Unit.SCHOOL_WEEKS) ? window.amount()
					: Math.max(1, (window.amount() + 4) / 5);
			return new Checks.WindowAttendance(window(weeks), weeks, attendance.comparison(), attendance.pct(),
					Math.min(minimum, weeks * 10));
		}
		if (condition instanceof Condition.ConsecutiveDaysAbsent consecutive) {
			return new Checks.Consecutive(consecutive.atLeast());
		}
		if (condition instanceof Condition.FirstDayOfAbsence) {
			return new Checks.FirstDay();
		}
		if (condition instanceof Condition.ReturnAfterAbsence back) {
			return new Checks.Return(back.minDays());
		}
		if (condition instanceof Condition.UnresolvedCode unresolved) {
			this.historyDays = Math.max(this.historyDays, unresolved.afterSchoolDays());
			return new Checks.Unresolved(unresolved.code(), unresolved.afterSchoolDays());
		}
		if (condition instanceof Condition.SessionCount count) {
			int weeks = (count.window() == null) ? 0 : count.window().amount();
			return new Checks.Count(slot(mask(count.codes()), weeks), count.atLeast(), count.days(), count.what(),
					weeks);
		}
		if (condition instanceof Condition.Cohort cohort) {
			int mask = 0;
			for (PupilFlag flag : cohort.anyOf()) {
				mask |= 1 << flag.ordinal();
			}
			return new Checks.Cohort(mask, cohort.anyOf().toString());
		}
		if (condition instanceof Condition.NoImprovement none) {
			int from = this.policy.rankOf(none.from());
			this.levels[from].escalationTargets.add(levelRank);
			this.levels[from].escalationMargins.add(none.byMoreThan());
			this.levels[levelRank].escalationSources.add(from);
			return new Checks.NoImprovement(levelRank, from, none.from(), this.levels[from].rule.monitorStart());
		}
		if (condition instanceof Condition.EnteredLevel entered) {
			return new Checks.Entered(this.policy.rankOf(entered.atLeast()));
		}
		if (condition instanceof Condition.InLevel in) {
			return new Checks.InLevel(this.policy.rankOf(in.atLeast()));
		}
		if (condition instanceof Condition.PerfectWeek) {
			return new Checks.PerfectWeek();
		}
		if (condition instanceof Condition.TodayCode today) {
			return new Checks.TodayCode(mask(today.anyOf()), mask(today.noneOf()));
		}
		if (condition instanceof Condition.All all) {
			return new Checks.All(all.conditions().stream().map((c) -> compile(c, levelRank)).toList());
		}
		if (condition instanceof Condition.AnyOf any) {
			return new Checks.AnyOf(any.conditions().stream().map((c) -> compile(c, levelRank)).toList());
		}
		if (condition instanceof Condition.Not not) {
			return new Checks.Not(compile(not.condition(), levelRank));
		}
		throw new IllegalStateException("no compiled form for " + condition);
	}

	private static long mask(Iterable<DfeCode> codes) {
		long mask = 0;
		for (DfeCode code : codes) {
			mask |= 1L << code.ordinal();
		}
		return mask;
	}

	private int slot(long mask, int weeks) {
		for (int i = 0; i < this.slots.size(); i++) {
			if (this.slots.get(i)[0] == mask && this.slots.get(i)[1] == weeks) {
				return i;
			}
		}
		this.slots.add(new long[] { mask, weeks });
		return this.slots.size() - 1;
	}

	private int window(int weeks) {
		int found = this.windows.indexOf(weeks);
		if (found >= 0) {
			return found;
		}
		this.windows.add(weeks);
		return this.windows.size() - 1;
	}

}
