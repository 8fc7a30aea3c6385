package org.attendancebridge.connector;

import java.util.List;

import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;

/**
 * What one read of a MIS brought back, before it is stored: pupils (null when the read
 * did not ask for them), marks, the records that could not be used, and the watermark the
 * marks take the feed up to.
 *
 * @param complete true for a full read of the period: marks the store has and this read
 * lacks were deleted in the MIS
 */
public record MisRead(List<Pupil> pupils, List<Mark> marks, List<RejectedRecord> rejected, String feed,
		String watermark, boolean complete) {

	public MisRead {
		pupils = (pupils == null) ? null : List.copyOf(pupils);
		marks = List.copyOf(marks);
		rejected = List.copyOf(rejected);
	}

}
