package org.attendancebridge.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DecisionSink;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.StageEvaluator;

/**
 * Replays every pupil of a school through its policy up to a moment, as the adapter would
 * have seen it then, keeping each pupil's track and the decisions the sink wants.
 */
final class Replay {

	/** Schools in England keep their registers on London time. */
	static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

	final StageEvaluator evaluator;

	final List<PupilTrack> tracks;

	private Replay(StageEvaluator evaluator, List<PupilTrack> tracks) {
		this.evaluator = evaluator;
		this.tracks = tracks;
	}

	/**
	 * Replays every pupil up to {@code date} at {@code time} and adds the decisions made
	 * on or after {@code keepFrom} to {@code decisions}, in pupil order. Pupils are
	 * independent, so they are replayed in slices side by side, one per core.
	 */
	static Replay until(SchoolInput input, LocalDate date, LocalTime time, LocalDate keepFrom,
			List<Decision> decisions) {
		Clock clock = Clock.fixed(date.atTime(time).atZone(SCHOOL_ZONE).toInstant(), SCHOOL_ZONE);
		StageEvaluator evaluator = new StageEvaluator(input.policy(), input.calendar(), clock);
		int pupils = input.pupils().size();
		PupilTrack[] tracks = new PupilTrack[pupils];
		int slices = Parallel.slices(pupils, 500);
		List<List<Decision>> kept = new ArrayList<>();
		List<Runnable> work = new ArrayList<>();
		for (int s = 0; s < slices; s++) {
			int from = pupils * s / slices;
			int to = pupils * (s + 1) / slices;
			List<Decision> slice = new ArrayList<>();
			kept.add(slice);
			DecisionSink sink = (decision) -> {
				if (!decision.date().isBefore(keepFrom)) {
					slice.add(decision);
				}
			};
			work.add(() -> {
				for (int i = from; i < to; i++) {
					tracks[i] = evaluator.track(input.pupils().get(i));
					evaluator.advance(tracks[i], input.registers()[i], sink);
				}
			});
		}
		Parallel.run(work);
		kept.forEach(decisions::addAll);
		return new Replay(evaluator, List.of(tracks));
	}

}
