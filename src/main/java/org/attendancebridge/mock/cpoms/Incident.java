package org.attendancebridge.mock.cpoms;

import java.time.Instant;
import java.util.List;

/**
 * A safeguarding incident as CPOMS keeps it.
 *
 * @param id CPOMS's id
 * @param studentUpn the pupil's UPN
 * @param categoryIds the categories it is filed under
 * @param incidentText what happened
 * @param occurredAt when it happened, as the client sent it
 * @param alertUserIds staff alerted
 * @param externalRef the client's own marker, for finding it again after a timeout
 * @param createdAt when CPOMS recorded it
 */
public record Incident(long id, String studentUpn, List<Integer> categoryIds, String incidentText, String occurredAt,
		List<Integer> alertUserIds, String externalRef, Instant createdAt) {

	@Override
	public String toString() {
		// Without the text: it is about a child.
		return "Incident[id=" + this.id + ", externalRef=" + this.externalRef + "]";
	}

}
