package org.attendancebridge.bench;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DecisionSink;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.StageEvaluator;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;

/**
 * Replays one policy over the whole year for every pupil, one {@link PupilTrack} each, as
 * of the end of the last school day, counting decisions and the stages reached.
 */
final class PolicyReplay {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private PolicyReplay() {
	}

	static Outcome run(Policy policy, SyntheticAuthority authority, int pupils) {
		SchoolCalendar calendar = SchoolCalendar.of(authority.days(), policy.settings().yearStart());
		Clock endOfYear = Clock.fixed(
				calendar.day(calendar.size() - 1).atTime(LocalTime.of(23, 59, 59)).atZone(LONDON).toInstant(), LONDON);
		StageEvaluator evaluator = new StageEvaluator(policy, calendar, endOfYear);
		Counter counter = new Counter();
		int[] stages = new int[policy.levels().size() + 1];
		for (int p = 0; p < pupils; p++) {
			PupilTrack track = evaluator.track(authority.pupils().get(p));
			evaluator.advance(track, authority.register(p), counter);
			stages[track.stageRank() + 1]++;
		}
		return new Outcome(counter.decisions, counter.actions, stages);
	}

	/**
	 * @param stages pupils per level at the end of the year, index 0 being no stage and
	 * index r + 1 the level of rank r
	 */
	record Outcome(long decisions, long actions, int[] stages) {
	}

	private static final class Counter implements DecisionSink {

		private long decisions;

		private long actions;

		@Override
		public void accept(Decision decision) {
			this.decisions++;
			this.actions += decision.actions().size();
		}

	}

}
