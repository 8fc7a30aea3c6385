package org.attendancebridge.connector;

import java.util.List;

import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.StaffRole;

/**
 * What one read of a MIS brought back, before it is stored: pupils (null when the read
 * did not ask for them), marks, the records that could not be used, and the watermark the
 * marks take the feed up to.
 *
 * @param complete true for a full read of the period: marks the store has and this read
 * lacks were deleted in the MIS
 * @param deletedPupils pupils the MIS says were deleted (our ids): they leave the roll,
 * their history stays
 * @param restoredPupils pupils the MIS says were deleted and then restored: on roll again
 * @param staff the staff roles the MIS served, read with the pupils; null when it was not
 * asked or serves none (the connector file's role map then stands in)
 */
public record MisRead(List<Pupil> pupils, List<Mark> marks, List<RejectedRecord> rejected, String feed,
		String watermark, boolean complete, List<String> deletedPupils, List<String> restoredPupils,
		List<StaffRole> staff) {

	public MisRead {
		pupils = (pupils == null) ? null : List.copyOf(pupils);
		staff = (staff == null) ? null : List.copyOf(staff);
		marks = List.copyOf(marks);
		rejected = List.copyOf(rejected);
		deletedPupils = (deletedPupils == null) ? List.of() : List.copyOf(deletedPupils);
		restoredPupils = (restoredPupils == null) ? List.of() : List.copyOf(restoredPupils);
	}

	/** A read that says nothing of deleted pupils. */
	public MisRead(List<Pupil> pupils, List<Mark> marks, List<RejectedRecord> rejected, String feed, String watermark,
			boolean complete) {
		this(pupils, marks, rejected, feed, watermark, complete, List.of(), List.of(), null);
	}

	/** A read that did not ask the MIS for staff. */
	public MisRead(List<Pupil> pupils, List<Mark> marks, List<RejectedRecord> rejected, String feed, String watermark,
			boolean complete, List<String> deletedPupils, List<String> restoredPupils) {
		this(pupils, marks, rejected, feed, watermark, complete, deletedPupils, restoredPupils, null);
	}

	/** The same read, with the pupils the MIS says were deleted, and restored. */
	public MisRead withDeletions(List<String> deleted, List<String> restored) {
		return new MisRead(this.pupils, this.marks, this.rejected, this.feed, this.watermark, this.complete, deleted,
				restored, this.staff);
	}

	/**
	 * The same read, with more records that could not be used (read first, reported
	 * first).
	 */
	public MisRead withRejected(List<RejectedRecord> earlier) {
		if (earlier.isEmpty()) {
			return this;
		}
		List<RejectedRecord> all = new java.util.ArrayList<>(earlier);
		all.addAll(this.rejected);
		return new MisRead(this.pupils, this.marks, all, this.feed, this.watermark, this.complete, this.deletedPupils,
				this.restoredPupils, this.staff);
	}

	/** The same read, with the staff roles the MIS served (null: it was not asked). */
	public MisRead withStaff(List<StaffRole> staff) {
		return new MisRead(this.pupils, this.marks, this.rejected, this.feed, this.watermark, this.complete,
				this.deletedPupils, this.restoredPupils, staff);
	}

}
