package org.attendancebridge.evaluator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.ActionSpec;
import org.attendancebridge.policy.MonitorStart;
import org.attendancebridge.policy.Period;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicySettings;

/**
 * Replays a school's register through its policy, day by day, and says which stage each
 * pupil is in and which rules fire. Pure: no I/O, and "now" comes only from the
 * {@link Clock}. Days before today are complete; on today only the registers already
 * taken are known, and an event with a due time fires only once that time has come. The
 * days tasks were completed ({@link TaskCompletions}) are input like the marks: on each
 * day the replay sees only those completed by then.
 */
public final class StageEvaluator {

	private final CompiledPolicy policy;

	private final SchoolCalendar calendar;

	private final int replayEnd;

	private final int todayIndex;

	private final int secondOfDay;

	private final boolean amKnownToday;

	private final boolean pmKnownToday;

	public StageEvaluator(Policy policy, SchoolCalendar calendar, Clock clock) {
		this.policy = new CompiledPolicy(policy);
		this.calendar = calendar;
		ZonedDateTime now = ZonedDateTime.now(clock);
		LocalDate today = now.toLocalDate();
		this.replayEnd = calendar.daysUpTo(today);
		this.todayIndex = calendar.indexOf(today);
		this.secondOfDay = now.toLocalTime().toSecondOfDay();
		PolicySettings settings = policy.settings();
		this.amKnownToday = this.secondOfDay >= settings.amRegister().toSecondOfDay();
		this.pmKnownToday = this.secondOfDay >= settings.pmRegister().toSecondOfDay();
	}

	public Policy policy() {
		return this.policy.policy;
	}

	public SchoolCalendar calendar() {
		return this.calendar;
	}

	/** A fresh track for a pupil, before the first school day, with no task completed. */
	public PupilTrack track(Pupil pupil) {
		return new PupilTrack(pupil, this.policy);
	}

	/**
	 * A fresh track for a pupil whose completed tasks start the monitoring periods of
	 * levels that wait for them.
	 */
	public PupilTrack track(Pupil pupil, TaskCompletions completions) {
		PupilTrack track = new PupilTrack(pupil, this.policy);
		if (completions.isEmpty()) {
			return track;
		}
		CompiledPolicy.Level[] levels = this.policy.levels;
		for (int r = 0; r < levels.length; r++) {
			MonitorStart start = levels[r].rule.monitorStart();
			if (start == null) {
				continue;
			}
			List<LocalDate> dates = completions.dates(pupil.id(), levels[r].rule.id(), start.task());
			if (dates.isEmpty()) {
				continue;
			}
			if (track.taskDone == null) {
				track.taskDone = new int[levels.length][];
			}
			// A task done on a day without school counts from the next school day.
			track.taskDone[r] = dates.stream()
				.mapToInt((date) -> this.calendar.daysUpTo(date.minusDays(1)))
				.sorted()
				.toArray();
		}
		return track;
	}

	/** The id of the level at a rank, or null for rank -1 (no stage). */
	public String levelId(int rank) {
		return (rank < 0) ? null : this.policy.levels[rank].rule.id();
	}

	/** The number of school days up to and including today: where a replay stops. */
	public int replayEnd() {
		return this.replayEnd;
	}

	/** Replays every school day the track has not yet seen, up to and including today. */
	public void advance(PupilTrack track, PupilRegister register, DecisionSink sink) {
		advance(track, register, this.replayEnd, sink);
	}

	/**
	 * Replays the school days from the track's next day to {@code untilDay} (exclusive,
	 * and never past today). A null register means the pupil has no marks.
	 */
	public void advance(PupilTrack track, PupilRegister register, int untilDay, DecisionSink sink) {
		int end = Math.min(untilDay, this.replayEnd);
		for (int d = track.nextDay; d < end; d++) {
			step(track, register, d, sink);
			track.nextDay = d + 1;
		}
	}

	private void step(PupilTrack track, PupilRegister register, int d, DecisionSink sink) {
		boolean today = d == this.todayIndex;
		int am = PupilTrack.NO_CODE;
		int pm = PupilTrack.NO_CODE;
		if (register != null) {
			if (!today || this.amKnownToday) {
				am = register.rawAm(d) - 1;
			}
			if (!today || this.pmKnownToday) {
				pm = register.rawPm(d) - 1;
			}
		}
		track.recordDay(d, this.calendar.weekOf(d), this.calendar.yearOf(d), endsWeek(d, today), am, pm);
		if (this.policy.levels.length > 0) {
			updateStage(track, d, sink);
		}
		updateEvents(track, d, today, sink);
	}

	/**
	 * Whether school day d ends its week. The register's last day is the end of its week
	 * only once the week is out: today, before Friday, more of the week is still to come.
	 */
	private boolean endsWeek(int d, boolean today) {
		if (!this.calendar.isLastDayOfWeek(d)) {
			return false;
		}
		return !today || d < this.calendar.size() - 1
				|| this.calendar.day(d).getDayOfWeek().getValue() >= java.time.DayOfWeek.FRIDAY.getValue();
	}

	private int computeStage(PupilTrack track) {
		int stage = -1;
		CompiledPolicy.Level[] levels = this.policy.levels;
		for (int r = 0; r < levels.length; r++) {
			boolean inForce = Check.test(levels[r].when, track);
			track.inForce[r] = inForce;
			if (inForce) {
				stage = r;
			}
			if (track.escalated[r]) {
				for (int source : levels[r].escalationSources) {
					if (!track.inForce[source]) {
						// The pupil improved out of the level this one escalated from.
						track.escalated[r] = false;
					}
				}
			}
		}
		return stage;
	}

	private void updateStage(PupilTrack track, int d, DecisionSink sink) {
		int previous = track.stage;
		int stage = computeStage(track);
		if (stage >= 0 && stage == previous) {
			if (track.waitUntil != PupilTrack.NOT_WAITING) {
				startPeriodOnceTaskDone(track, stage, d);
			}
			if (d >= track.reviewDue) {
				stage = review(track, stage, d);
			}
		}
		track.enteredToday = stage > previous;
		if (stage == previous) {
			return;
		}
		CompiledPolicy.Level[] levels = this.policy.levels;
		for (int r = 0; r < levels.length; r++) {
			if (holds(previous, r) && !holds(stage, r)) {
				track.lastLeft[r] = d;
			}
		}
		track.stage = stage;
		track.stageEnteredDay = d;
		track.waitUntil = PupilTrack.NOT_WAITING;
		if (stage < 0) {
			track.reviewDue = Integer.MAX_VALUE;
			return;
		}
		CompiledPolicy.Level level = levels[stage];
		boolean up = stage > previous;
		boolean fires = (up || level.rule.fireOnImprovement())
				&& d - track.lastLeft[stage] >= level.rule.coolOffSchoolDays();
		Period monitor = level.rule.monitor();
		MonitorStart start = level.rule.monitorStart();
		if (monitor == null) {
			track.reviewDue = Integer.MAX_VALUE;
		}
		else if (start != null && fires) {
			// The period starts when the task made now is completed: the review waits.
			track.reviewDue = Integer.MAX_VALUE;
			track.waitUntil = d + start.waitSchoolDays();
			startPeriodOnceTaskDone(track, stage, d);
		}
		else {
			// Entering without firing makes no task to wait for: the period starts now.
			startPeriod(track, d, monitor, PupilTrack.PeriodStart.ENTRY);
		}
		if (fires) {
			fire(track, d, level.rule.id(), true, level.rule.title(), level.when, level.rule.actions(), level.guards,
					null, sink);
		}
	}

	/**
	 * Starts the stage's waiting monitoring period if its task was completed since the
	 * stage was entered, or if it has waited as long as the policy lets it.
	 */
	private void startPeriodOnceTaskDone(PupilTrack track, int stage, int d) {
		int[] done = (track.taskDone == null) ? null : track.taskDone[stage];
		boolean completed = false;
		if (done != null) {
			for (int day : done) {
				if (day >= track.stageEnteredDay && day <= d) {
					completed = true;
					break;
				}
			}
		}
		if (completed || d >= track.waitUntil) {
			track.waitUntil = PupilTrack.NOT_WAITING;
			startPeriod(track, d, this.policy.levels[stage].rule.monitor(),
					completed ? PupilTrack.PeriodStart.TASK_COMPLETED : PupilTrack.PeriodStart.WAIT_OVER);
		}
	}

	private void startPeriod(PupilTrack track, int d, Period monitor, PupilTrack.PeriodStart cause) {
		track.baseline = track.pct;
		track.reviewDue = dueDay(d, monitor);
		track.periodStart = this.calendar.day(d);
		track.periodCause = cause;
	}

	/** Whether a pupil at {@code stage} is "in" level r, for cool-off purposes. */
	private boolean holds(int stage, int r) {
		if (stage < 0) {
			return false;
		}
		return this.policy.levels[r].rule.fireOnImprovement() ? stage == r : stage >= r;
	}

	/**
	 * The end of a monitoring period: escalate if attendance has not improved, else start
	 * again.
	 */
	private int review(PupilTrack track, int stage, int d) {
		CompiledPolicy.Level level = this.policy.levels[stage];
		track.reviewedBaseline = track.baseline;
		track.reviewedStart = track.periodStart;
		track.reviewedCause = track.periodCause;
		boolean escalated = false;
		for (int i = 0; i < level.escalationTargets.size(); i++) {
			if (track.pct <= track.baseline + level.escalationMargins.get(i)) {
				track.escalated[level.escalationTargets.get(i)] = true;
				escalated = true;
			}
		}
		if (escalated) {
			int next = computeStage(track);
			if (next != stage) {
				return next;
			}
		}
		startPeriod(track, d, level.rule.monitor(), PupilTrack.PeriodStart.REVIEW);
		return stage;
	}

	private int dueDay(int d, Period period) {
		if (period.unit() == Period.Unit.SCHOOL_DAYS) {
			return d + period.amount();
		}
		return this.calendar.firstDayOfWeek(this.calendar.weekOf(d) + period.amount());
	}

	private void updateEvents(PupilTrack track, int d, boolean today, DecisionSink sink) {
		CompiledPolicy.Event[] events = this.policy.events;
		for (int e = 0; e < events.length; e++) {
			CompiledPolicy.Event event = events[e];
			if (today && event.dueSecond > this.secondOfDay) {
				continue;
			}
			boolean holds = Check.test(event.when, track);
			boolean rising = holds && (event.momentary || !track.eventWasTrue[e]);
			if (rising && d - track.eventLastFired[e] >= event.rule.coolOffSchoolDays()) {
				track.eventLastFired[e] = d;
				LocalDate markDate = (event.unresolved == null) ? null
						: this.calendar.day(event.unresolved.markDay(track));
				fire(track, d, event.rule.id(), false, event.rule.title(), event.when, event.rule.actions(),
						event.guards, markDate, sink);
			}
			track.eventWasTrue[e] = holds;
		}
	}

	private void fire(PupilTrack track, int d, String ruleId, boolean level, String title, Check when,
			List<ActionSpec> specs, Check[] guards, LocalDate markDate, DecisionSink sink) {
		if (!sink.wants(this.calendar.day(d))) {
			return;
		}
		// Sized for a typical explanation, so that it is built without growing.
		StringBuilder explanation = new StringBuilder(title.length() + 120).append(title).append(": ");
		when.explain(track, explanation);
		DueAction[] actions = new DueAction[specs.size()];
		int count = 0;
		for (int i = 0; i < specs.size(); i++) {
			if (guards[i] != null && !guards[i].test(track)) {
				continue;
			}
			ActionSpec spec = specs.get(i);
			LocalDate due = (spec.dueInSchoolDays() == null) ? this.calendar.day(d)
					: schoolDayAfter(d, spec.dueInSchoolDays());
			actions[count++] = new DueAction(ruleId, spec.kind(), spec.recipient(), spec.template(), spec.copyTo(), due,
					markDate, spec.amendTo());
		}
		// An immutable list already, which the decision keeps as it is.
		List<DueAction> due = List.of((count == actions.length) ? actions : Arrays.copyOf(actions, count));
		sink.accept(new Decision(track.pupil.id(), this.calendar.day(d), ruleId, level, explanation.toString(), due));
	}

	/**
	 * The school day n days after d; past the register's end, weekdays stand in for
	 * school days.
	 */
	private LocalDate schoolDayAfter(int d, int n) {
		if (d + n < this.calendar.size()) {
			return this.calendar.day(d + n);
		}
		LocalDate date = this.calendar.day(this.calendar.size() - 1);
		int remaining = d + n - (this.calendar.size() - 1);
		while (remaining > 0) {
			date = date.plusDays(1);
			if (date.getDayOfWeek().getValue() <= 5) {
				remaining--;
			}
		}
		return date;
	}

}
