package org.attendancebridge.action.email;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, guarding the moment the message is handed over: the end of
 * its data (the lone "." of DATA, or BDAT's last chunk) is about to be sent. A server
 * takes a message only on that ending, so a failure before it left nothing behind, while
 * a failure after it, with no answer read, may have left a message that will be
 * delivered. Just before it, the attempt asks whether it may still hand the message over
 * (it may have outlived its lease); if not, an IOException drops the connection without
 * the ending, which is how the transport abandons a message.
 */
final class HandoverTransport extends SMTPTransport {

	private final BooleanSupplier mayHandOver;

	private volatile boolean handedOver;

	private volatile boolean withheld;

	HandoverTransport(Session session, boolean ssl, BooleanSupplier mayHandOver) {
		super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp", ssl);
		this.mayHandOver = mayHandOver;
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
		handOver();
		super.finishData();
	}

	@Override
	protected void finishBdat() throws IOException, MessagingException {
		handOver();
		super.finishBdat();
	}

	private void handOver() throws IOException {
		boolean may;
		try {
			may = this.mayHandOver.getAsBoolean();
		}
		catch (RuntimeException ex) {
			// Unable to tell: withholding it leaves nothing behind.
			may = false;
		}
		if (!may) {
			this.withheld = true;
			throw new IOException("the message was withheld before it was handed over");
		}
		this.handedOver = true;
	}

	/** Whether the end of the message may have reached the server. */
	boolean handedOver() {
		return this.handedOver;
	}

	/** Whether the attempt was not allowed to hand the message over. */
	boolean withheld() {
		return this.withheld;
	}

}
