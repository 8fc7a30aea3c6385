package org.attendancebridge.action.email;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, noting the moment the message is handed over: the end of
 * its data (the lone "." of DATA, or BDAT's last chunk) is about to be sent. A server
 * takes a message only on that ending, so a failure before it left nothing behind, while
 * a failure after it, with no answer read, may have left a message that will be
 * delivered.
 */
final class HandoverTransport extends SMTPTransport {

	private volatile boolean handedOver;

	HandoverTransport(Session session, boolean ssl) {
		super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp", ssl);
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
		this.handedOver = true;
		super.finishData();
	}

	@Override
	protected void finishBdat() throws IOException, MessagingException {
		this.handedOver = true;
		super.finishBdat();
	}

	/** Whether the end of the message may have reached the server. */
	boolean handedOver() {
		return this.handedOver;
	}

}
