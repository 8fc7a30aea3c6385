package org.attendancebridge.evaluator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;

/**
 * Replays a school's pupils through its policy up to the clock's "now", as the adapter
 * would have seen it then, keeping each pupil's track and the decisions made on or after
 * a day. Pupils are independent, so a large school is replayed in slices side by side;
 * decisions come back in pupil order.
 */
public final class SchoolReplay {

	private final StageEvaluator evaluator;

	private final List<PupilTrack> tracks;

	private final List<Decision> decisions;

	private SchoolReplay(StageEvaluator evaluator, List<PupilTrack> tracks, List<Decision> decisions) {
		this.evaluator = evaluator;
		this.tracks = tracks;
		this.decisions = decisions;
	}

	/**
	 * @param registers one per pupil, in the same order; null for a pupil with no marks
	 */
	public static SchoolReplay run(Policy policy, SchoolCalendar calendar, List<Pupil> pupils,
			List<PupilRegister> registers, Clock clock, LocalDate keepFrom) {
		return run(policy, calendar, pupils, registers, TaskCompletions.NONE, clock, keepFrom);
	}

	/**
	 * @param registers one per pupil, in the same order; null for a pupil with no marks
	 * @param completions the tasks completed so far, for reviews that wait for them
	 */
	public static SchoolReplay run(Policy policy, SchoolCalendar calendar, List<Pupil> pupils,
			List<PupilRegister> registers, TaskCompletions completions, Clock clock, LocalDate keepFrom) {
		StageEvaluator evaluator = new StageEvaluator(policy, calendar, clock);
		int count = pupils.size();
		PupilTrack[] tracks = new PupilTrack[count];
		int slices = Parallel.slices(count, 500);
		List<List<Decision>> kept = new ArrayList<>();
		List<Runnable> work = new ArrayList<>();
		for (int s = 0; s < slices; s++) {
			int from = count * s / slices;
			int to = count * (s + 1) / slices;
			List<Decision> slice = new ArrayList<>();
			kept.add(slice);
			DecisionSink sink = new DecisionSink() {
				@Override
				public void accept(Decision decision) {
					slice.add(decision);
				}

				@Override
				public boolean wants(LocalDate day) {
					return !day.isBefore(keepFrom);
				}
			};
			work.add(() -> {
				for (int i = from; i < to; i++) {
					tracks[i] = evaluator.track(pupils.get(i), completions);
					evaluator.advance(tracks[i], registers.get(i), sink);
				}
			});
		}
		Parallel.run(work);
		List<Decision> decisions = new ArrayList<>();
		kept.forEach(decisions::addAll);
		return new SchoolReplay(evaluator, List.of(tracks), decisions);
	}

	public StageEvaluator evaluator() {
		return this.evaluator;
	}

	/** One track per pupil, in the order given. */
	public List<PupilTrack> tracks() {
		return this.tracks;
	}

	/** The decisions kept, in pupil order, each pupil's in date order. */
	public List<Decision> decisions() {
		return this.decisions;
	}

	/** The id of a track's stage, or null. */
	public String stageOf(PupilTrack track) {
		return this.evaluator.levelId(track.stageRank());
	}

}
