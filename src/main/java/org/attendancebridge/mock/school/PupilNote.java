package org.attendancebridge.mock.school;

import java.time.Instant;

/**
 * Something written to the MIS about a pupil: a note, a follow-up (text, call, letter) or
 * a learner note. {@code kind} is the MIS's own name for it.
 */
public record PupilNote(long id, int pupilId, String kind, String summary, String content, Instant createdAt) {

}
