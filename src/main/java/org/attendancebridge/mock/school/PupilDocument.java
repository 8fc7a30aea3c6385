package org.attendancebridge.mock.school;

import java.time.Instant;

/**
 * A document attached to a pupil in the MIS (a letter home as a PDF), with the writer's
 * own reference so it can be looked up. {@code kind} is the MIS's own name for it.
 */
public record PupilDocument(long id, int pupilId, String kind, String title, String fileName, String contentType,
		String reference, byte[] content, Instant createdAt) {

}
