package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;

/**
 * Replays a school's pupils side by side, one school day at a time, and shows the whole
 * school to watchers at the end of each day: what a count at each week's end or the stage
 * moves of a week need, and a replay of each pupil to the end alone cannot give. The
 * tracks end as {@link SchoolReplay}'s do; no decision is kept.
 */
public final class LockstepReplay {

	/** Looks at every pupil's track at the end of a school day. */
	@FunctionalInterface
	public interface Watcher {

		/**
		 * @param day the school day just replayed (an index of the evaluator's calendar)
		 * @param tracks every pupil's track, in the order given, as of that day's end
		 */
		void endOfDay(int day, List<PupilTrack> tracks);

	}

	/** Spares the replay building explanations that nobody reads. */
	private static final DecisionSink NOTHING = new DecisionSink() {
		@Override
		public void accept(Decision decision) {
		}

		@Override
		public boolean wants(LocalDate day) {
			return false;
		}
	};

	private LockstepReplay() {
	}

	/**
	 * @param registers one per pupil, in the same order; null for a pupil with no marks
	 * @return the tracks as of now, in the order of the pupils
	 */
	public static List<PupilTrack> run(StageEvaluator evaluator, List<Pupil> pupils, List<PupilRegister> registers,
			TaskCompletions completions, List<Watcher> watchers) {
		List<PupilTrack> tracks = new ArrayList<>(pupils.size());
		for (Pupil pupil : pupils) {
			tracks.add(evaluator.track(pupil, completions));
		}
		List<PupilTrack> view = Collections.unmodifiableList(tracks);
		for (int day = 0; day < evaluator.replayEnd(); day++) {
			for (int i = 0; i < tracks.size(); i++) {
				evaluator.advance(tracks.get(i), registers.get(i), day + 1, NOTHING);
			}
			for (Watcher watcher : watchers) {
				watcher.endOfDay(day, view);
			}
		}
		return view;
	}

}
