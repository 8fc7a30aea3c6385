package org.attendancebridge.action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DueAction;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.SchoolReplay;
import org.attendancebridge.evaluator.TaskCompletions;
import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;

/**
 * Turns a school's register into the actions due now. The whole year of each pupil is
 * replayed (cheap: a few hundred sessions), and only decisions made today become actions:
 * the first sync of a term must not send a term's worth of letters, and yesterday's
 * first-day text is no use today. Replaying again after every poll is safe because each
 * action's dedupe key is the same every time.
 */
public final class ActionPlanner {

	private ActionPlanner() {
	}

	/**
	 * The actions due today for the given pupils (others are not replayed), with the
	 * tasks completed so far starting the reviews that wait for them.
	 */
	public static List<PlannedAction> plan(String school, ZoneId zone, Policy policy, SchoolCalendar calendar,
			List<Pupil> pupils, List<PupilRegister> registers, TaskCompletions completions, Clock clock) {
		LocalDate today = clock.instant().atZone(zone).toLocalDate();
		Clock schoolClock = clock.withZone(zone);
		SchoolReplay replay = SchoolReplay.run(policy, calendar, pupils, registers, completions, schoolClock, today);
		Map<String, PupilTrack> tracks = new HashMap<>();
		replay.tracks().forEach((track) -> tracks.put(track.pupil().id(), track));
		List<PlannedAction> planned = new ArrayList<>();
		for (Decision decision : replay.decisions()) {
			if (!decision.date().equals(today)) {
				continue;
			}
			PupilTrack track = tracks.get(decision.pupilId());
			PlannedAction.PupilFigures figures = figures(track, policy, replay.stageOf(track));
			for (DueAction action : decision.actions()) {
				planned.add(new PlannedAction(
						PlannedAction.dedupeKey(school, decision.pupilId(), decision.rule(), decision.date(),
								action.kind(), action.recipient(), action.template()),
						school, decision.pupilId(), policy.id(), policy.version(), decision.rule(), decision.level(),
						decision.date(), action.kind(), action.recipient(), action.template(), action.copyTo(),
						action.due(), action.markDate(), (action.amendTo() == null) ? null : action.amendTo().symbol(),
						decision.explanation(), figures));
			}
		}
		return planned;
	}

	private static PlannedAction.PupilFigures figures(PupilTrack track, Policy policy, String stage) {
		AttendanceStats stats = track.stats();
		return new PlannedAction.PupilFigures(track.attendancePct(), stats.possible(), stats.attended(),
				stats.authorised(), stats.unauthorised(), stats.hoursLost(policy.settings().hoursPerSession()), stage);
	}

}
