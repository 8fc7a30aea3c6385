package org.attendancebridge.mock.mail;

import java.time.Instant;
import java.util.List;

/**
 * One message the mock mail server took: one SMTP transaction, however many recipients.
 *
 * @param seq its number, from 1, in the order taken
 * @param messageId its Message-ID header
 * @param reference the sender's reference header ({@code X-Attendance-Bridge-Reference}),
 * null when absent
 * @param subject its subject
 * @param recipients the addresses it was delivered to (the envelope's)
 * @param receivedAt when it was taken
 */
public record ReceivedMail(long seq, String messageId, String reference, String subject, List<String> recipients,
		Instant receivedAt) {

	public ReceivedMail {
		recipients = List.copyOf(recipients);
	}

}
