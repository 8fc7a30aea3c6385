package org.attendancebridge.mock.school;

import java.time.Instant;

/**
 * A pupil taken off the roll at {@code deletedAt}, and put back at {@code restoredAt}
 * (null while still deleted), as MIS clean-ups sometimes do by mistake.
 */
public record PupilDeletion(long id, int pupilId, Instant deletedAt, Instant restoredAt) {

}
