package org.attendancebridge.action.email;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * the ending, which is how the transport abandons a message. From that moment the answer
 * is waited for at most {@code answerWithin}, however slowly the server trickles it: then
 * the connection is closed from a timer, since the socket's timeouts bound each read and
 * write, not the wait as a whole.
 */
final class HandoverTransport extends SMTPTransport {

	/**
	 * The transport's socket: Angus offers no way to close it while a read blocks (its
	 * {@code close} waits for the send to end), so it is reached here.
	 */
	private static final VarHandle SOCKET;

	static {
		try {
			SOCKET = MethodHandles.privateLookupIn(SMTPTransport.class, MethodHandles.lookup())
				.findVarHandle(SMTPTransport.class, "serverSocket", Socket.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final BooleanSupplier mayHandOver;

	private final Duration answerWithin;

	private final ScheduledExecutorService timer;

	private volatile ScheduledFuture<?> cutOff;

	private volatile boolean handedOver;

	private volatile boolean withheld;

	/** The wait for the answer: 0 waiting, 1 answered in time, 2 cut off. */
	private final AtomicInteger answer = new AtomicInteger();

	HandoverTransport(Session session, boolean ssl, BooleanSupplier mayHandOver, Duration answerWithin,
			ScheduledExecutorService timer) {
		super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp", ssl);
		this.mayHandOver = mayHandOver;
		this.answerWithin = answerWithin;
		this.timer = timer;
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
		// Set before the attempt's record is, so the connection is closed no later than
		// the record's bound.
		this.cutOff = this.timer.schedule(this::abandon, this.answerWithin.toMillis(), TimeUnit.MILLISECONDS);
		boolean may;
		try {
			may = this.mayHandOver.getAsBoolean();
		}
		catch (RuntimeException ex) {
			// Unable to tell: withholding it leaves nothing behind.
			may = false;
		}
		// Asking may outlast the bound (a late attempt waits on the record's lock): then
		// the connection is already closed and the end of the message never left.
		if (!may || this.answer.get() == 2) {
			this.cutOff.cancel(false);
			this.withheld = true;
			throw new IOException("the message was withheld before it was handed over");
		}
		this.handedOver = true;
	}

	/**
	 * An answer counts only if it was read whole before the cut-off: a read cut short by
	 * the closed socket can end like a whole line.
	 */
	@Override
	protected int readServerResponse() throws MessagingException {
		int code = super.readServerResponse();
		if (this.handedOver && this.answer.get() != 1 && !this.answer.compareAndSet(0, 1)) {
			throw new MessagingException("no answer within " + this.answerWithin.toSeconds() + " s");
		}
		return code;
	}

	/** The wait for the answer is over: no answer read after this is heard. */
	private void abandon() {
		this.answer.compareAndSet(0, 2);
		Socket socket = (Socket) SOCKET.getVolatile(this);
		if (socket != null) {
			try {
				// At once, without waiting on a write the server is not reading.
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// Closed either way.
			}
		}
	}

	/** The send has ended, QUIT included: the timer is stopped. */
	void ended() {
		ScheduledFuture<?> pending = this.cutOff;
		if (pending != null) {
			pending.cancel(false);
		}
	}

	/** Whether the end of the message may have reached the server. */
	boolean handedOver() {
		return this.handedOver;
	}

	/** Whether the attempt was not allowed to hand the message over. */
	boolean withheld() {
		return this.withheld;
	}

	/** Whether the connection was closed because no answer came within its bound. */
	boolean abandoned() {
		return this.answer.get() == 2;
	}

	Duration answerWithin() {
		return this.answerWithin;
	}

}
