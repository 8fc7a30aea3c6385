package org.attendancebridge.evaluator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;

/**
 * A school's persistent and severe absence counted as they stood at the end of each
 * school week, and at the last day replayed (now, in the current week), as a
 * {@link LockstepReplay} goes: the flags of the toolkit report, so each pupil counts as
 * the pupil list flags them, year to date and only once they have had the policy's
 * minimum of possible sessions.
 */
public final class AbsenceWeeks implements LockstepReplay.Watcher {

	/**
	 * The counts at the end of a school week.
	 *
	 * @param weekOf the week's Monday
	 * @param through the last school day counted: the week's last, or today
	 * @param endsTerm whether the next school week is not the week after (a holiday
	 * follows), so this is the end of a term or half term
	 * @param pupils pupils with a possible session so far this year
	 * @param rated those with the policy's minimum of possible sessions, who may be
	 * counted
	 * @param pa persistently absent: missing 10% or more of possible sessions
	 * @param sa severely absent: missing 50% or more
	 */
	public record Week(LocalDate weekOf, LocalDate through, boolean endsTerm, int pupils, int rated, int pa, int sa) {
	}

	private final Policy policy;

	private final SchoolCalendar calendar;

	private final int lastDay;

	private final List<Week> weeks = new ArrayList<>();

	/**
	 * @param replayEnd the number of school days the replay takes in (the evaluator's
	 * replay end): the last is counted whatever day of the week it is
	 */
	public AbsenceWeeks(Policy policy, SchoolCalendar calendar, int replayEnd) {
		this.policy = policy;
		this.calendar = calendar;
		this.lastDay = replayEnd - 1;
	}

	@Override
	public void endOfDay(int day, List<PupilTrack> tracks) {
		if (!this.calendar.isLastDayOfWeek(day) && day != this.lastDay) {
			return;
		}
		ToolkitReport toolkit = ToolkitReport.of(this.policy, tracks);
		int pupils = 0;
		int rated = 0;
		int pa = 0;
		int sa = 0;
		int minimum = Math.max(1, this.policy.settings().minimumPossibleSessions());
		for (PupilTrack track : tracks) {
			pupils += (track.possibleSessions() > 0) ? 1 : 0;
			rated += (track.possibleSessions() >= minimum) ? 1 : 0;
			ToolkitReport.Entry entry = toolkit.get(track.pupil().id());
			pa += entry.flags().contains(ToolkitReport.Flag.PA) ? 1 : 0;
			sa += entry.flags().contains(ToolkitReport.Flag.SA) ? 1 : 0;
		}
		LocalDate date = this.calendar.day(day);
		this.weeks.add(new Week(monday(date), date, endsTerm(day), pupils, rated, pa, sa));
	}

	/** Whether a holiday week (or more) follows the school week that day ends. */
	private boolean endsTerm(int day) {
		if (day + 1 >= this.calendar.size() || !this.calendar.isLastDayOfWeek(day)) {
			return false;
		}
		return !monday(this.calendar.day(day + 1)).equals(monday(this.calendar.day(day)).plusWeeks(1));
	}

	private static LocalDate monday(LocalDate date) {
		return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	/** Oldest first; the last is now. */
	public List<Week> weeks() {
		return List.copyOf(this.weeks);
	}

}
