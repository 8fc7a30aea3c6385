package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every change of stage from a school day on, as a {@link LockstepReplay} sees it at the
 * end of each day: from which level to which (null for no level), and whether up the
 * ladder (to a higher level) or down. A pupil who moves twice is listed twice.
 */
public final class StageMoves implements LockstepReplay.Watcher {

	/** One pupil's change of stage on a school day. */
	public record Move(String pupilId, LocalDate date, String from, String to, boolean up) {
	}

	private final StageEvaluator evaluator;

	private final int fromDay;

	private int[] before = new int[0];

	private final List<Move> moves = new ArrayList<>();

	/**
	 * @param fromDay the first school day whose moves count; stages before it are the
	 * starting point
	 */
	public StageMoves(StageEvaluator evaluator, int fromDay) {
		this.evaluator = evaluator;
		this.fromDay = fromDay;
	}

	@Override
	public void endOfDay(int day, List<PupilTrack> tracks) {
		if (this.before.length != tracks.size()) {
			this.before = new int[tracks.size()];
			Arrays.fill(this.before, -1);
		}
		for (int i = 0; i < tracks.size(); i++) {
			PupilTrack track = tracks.get(i);
			int stage = track.stageRank();
			if (stage != this.before[i] && day >= this.fromDay) {
				this.moves.add(new Move(track.pupil().id(), this.evaluator.calendar().day(day),
						this.evaluator.levelId(this.before[i]), this.evaluator.levelId(stage), stage > this.before[i]));
			}
			this.before[i] = stage;
		}
	}

	/** The moves in date order, each day's in the order of the pupils. */
	public List<Move> moves() {
		return List.copyOf(this.moves);
	}

}
