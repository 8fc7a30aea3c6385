package org.attendancebridge.mock.notify;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One text the gateway accepted. Its status is not stored but read off the clock, so a
 * simulated clock that jumps ahead moves every text on at once.
 *
 * @param id Notify's notification id
 * @param reference the caller's reference, may be null
 * @param phoneNumber the number as the caller sent it
 * @param templateId the template asked for
 * @param personalisation the values for the template
 * @param body the rendered text
 * @param createdAt when it was accepted
 * @param sendingAt when it moves to {@code sending}
 * @param finalAt when it reaches {@code outcome}
 * @param outcome the final status (a failure for Notify's test numbers)
 */
public record SentText(UUID id, String reference, String phoneNumber, UUID templateId,
		Map<String, Object> personalisation, String body, Instant createdAt, Instant sendingAt, Instant finalAt,
		TextStatus outcome) {

	public TextStatus statusAt(Instant now) {
		if (now.isBefore(this.sendingAt)) {
			return TextStatus.CREATED;
		}
		return now.isBefore(this.finalAt) ? TextStatus.SENDING : this.outcome;
	}

	@Override
	public String toString() {
		// Without the number or personalisation: they are personal data.
		return "SentText[id=" + this.id + ", reference=" + this.reference + ", outcome=" + this.outcome + "]";
	}

}
