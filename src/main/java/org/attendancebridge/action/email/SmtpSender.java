package org.attendancebridge.action.email;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands one message to the SMTP server Spring Boot configured from {@code spring.mail.*},
 * and reads what became of it. {@code JavaMailSender.send} hides which step of the SMTP
 * conversation failed, and that step is the whole question for exactly once: so the
 * transport ({@link HandoverTransport}) is driven here, on a session built from the same
 * settings. Refused before the message was handed over (no connection, a 4xx or 5xx to
 * the sender, a recipient or the data, a connection lost before the data ended): nothing
 * was taken. Lost after it was handed over with no answer read: the server may have taken
 * it, and SMTP has no way to ask. The answer is waited for at most
 * {@link #answerWithin()} from the hand-over, as a whole: a write and a read at the
 * session's timeouts.
 */
@Component
public class SmtpSender {

	/** What the server did with the message. */
	public enum Outcome {

		/** Taken: it will be delivered. */
		ACCEPTED,
		/** Not taken, for now (no connection, a 4xx): send again later. */
		TRY_AGAIN,
		/** Not taken, and it will not be (a 5xx, our credentials refused). */
		REFUSED,
		/** Handed over with no answer: the server may have taken it. */
		UNKNOWN,
		/** Not handed over: the attempt was no longer allowed to (nothing was taken). */
		WITHHELD

	}

	/**
	 * @param reply the server's answer or what went wrong, with any address blanked
	 */
	public record Answer(Outcome outcome, String reply) {
	}

	private static final Pattern ADDRESS = Pattern.compile("<?[^\\s<>@]+@[^\\s<>@]+>?");

	private final ObjectProvider<JavaMailSenderImpl> senders;

	private final MailSettings settings;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "smtp-answer-cut-off");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Session session;

	public SmtpSender(ObjectProvider<JavaMailSenderImpl> senders, MailSettings settings) {
		this.senders = senders;
		this.settings = settings;
	}

	@PreDestroy
	void stop() {
		this.timer.shutdownNow();
	}

	/**
	 * How long after the hand-over the server's answer is waited for, at most: the time
	 * of a write and of a read, as the session has them ({@code spring.mail.properties}
	 * may set {@code mail.smtp.writetimeout} and {@code mail.smtp.timeout}; a value that
	 * is not a positive number counts as {@code attendance-bridge.mail.timeout}). Then
	 * the connection is closed, however slowly the answer trickles in.
	 */
	Duration answerWithin() {
		Properties properties = session().getProperties();
		String prefix = "mail." + (ssl(this.senders.getObject()) ? "smtps" : "smtp") + ".";
		return timeout(properties, prefix + "writetimeout").plus(timeout(properties, prefix + "timeout"));
	}

	private Duration timeout(Properties properties, String name) {
		Object value = properties.get(name);
		try {
			long millis = Long.parseLong(String.valueOf(value).trim());
			if (millis > 0) {
				return Duration.ofMillis(millis);
			}
		}
		catch (NumberFormatException ex) {
			// Not a number: Angus waits without bound, so the wait is bounded here.
		}
		return this.settings.timeout();
	}

	/** Why nothing can be emailed, or null when a server and a sender are configured. */
	public String unavailable() {
		JavaMailSenderImpl sender = this.senders.getIfAvailable();
		if (sender == null || sender.getHost() == null || sender.getHost().isBlank()) {
			return "no SMTP server is configured (set SPRING_MAIL_HOST and SPRING_MAIL_PORT)";
		}
		if (this.settings.from() == null) {
			return "no sender address is configured for email (set MAIL_FROM)";
		}
		return null;
	}

	/** A new message whose Message-ID is {@code messageId} on every attempt. */
	MimeMessage message(String messageId) {
		return new ReferencedMessage(session(), messageId);
	}

	/**
	 * Sends the message to these recipients, once, and says what became of it.
	 * @param mayHandOver asked just before the message is handed over: whether it still
	 * may be
	 */
	Answer send(MimeMessage message, Address[] to, BooleanSupplier mayHandOver) {
		JavaMailSenderImpl sender = this.senders.getObject();
		HandoverTransport transport = new HandoverTransport(session(), ssl(sender), mayHandOver, answerWithin(),
				this.timer);
		try {
			message.saveChanges();
			try {
				transport.connect(sender.getHost(), sender.getPort(), blankToNull(sender.getUsername()),
						blankToNull(sender.getPassword()));
			}
			catch (AuthenticationFailedException ex) {
				return new Answer(Outcome.REFUSED, "the SMTP server refused our credentials: " + describe(ex));
			}
			catch (MessagingException ex) {
				return new Answer(Outcome.TRY_AGAIN, "no SMTP conversation, nothing was sent: " + describe(ex));
			}
			transport.sendMessage(message, to);
			return new Answer(Outcome.ACCEPTED, scrub(transport.getLastServerResponse()));
		}
		catch (SendFailedException ex) {
			Address[] sent = ex.getValidSentAddresses();
			if (sent != null && sent.length > 0) {
				// Only with mail.smtp.sendpartial: the message went to some of them.
				return new Answer(Outcome.ACCEPTED, "taken for " + sent.length + " of " + to.length
						+ " recipients, refused for the others: " + describe(ex));
			}
			int code = returnCode(ex);
			if (code >= 400 && code < 500) {
				return new Answer(Outcome.TRY_AGAIN,
						"the SMTP server refused the message for now, nothing was taken: " + describe(ex));
			}
			if (code >= 500) {
				return new Answer(Outcome.REFUSED, "the SMTP server refused the message: " + describe(ex));
			}
			return lost(transport, ex);
		}
		catch (MessagingException ex) {
			return lost(transport, ex);
		}
		finally {
			// QUIT too is waited for only until the answer was due.
			close(transport);
			transport.ended();
		}
	}

	private static Answer lost(HandoverTransport transport, MessagingException ex) {
		if (transport.withheld()) {
			return new Answer(Outcome.WITHHELD, "the message was not handed over, nothing was taken: this attempt "
					+ "no longer held the email (its lease ran out, or a person or a later attempt took it over)");
		}
		if (transport.abandoned()) {
			return new Answer(Outcome.UNKNOWN,
					"no answer within " + transport.answerWithin().toSeconds() + " s of handing the message over, "
							+ "so the connection was closed: the SMTP server may have taken it");
		}
		if (transport.handedOver()) {
			return new Answer(Outcome.UNKNOWN,
					"the connection failed after the message was handed over, with no answer: the SMTP server "
							+ "may have taken it (" + describe(ex) + ")");
		}
		return new Answer(Outcome.TRY_AGAIN,
				"the SMTP conversation failed before the message was handed over, nothing was taken: " + describe(ex));
	}

	/** The SMTP reply code carried by the failure, or 0. */
	private static int returnCode(MessagingException ex) {
		Exception at = ex;
		for (int depth = 0; at != null && depth < 10; depth++) {
			if (at instanceof SMTPSendFailedException failed) {
				return failed.getReturnCode();
			}
			if (at instanceof SMTPAddressFailedException failed) {
				return failed.getReturnCode();
			}
			at = (at instanceof MessagingException next) ? next.getNextException() : null;
		}
		return 0;
	}

	private static void close(HandoverTransport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// QUIT after the answer changes nothing about the message.
		}
	}

	private Session session() {
		Session built = this.session;
		if (built == null) {
			JavaMailSenderImpl sender = this.senders.getObject();
			String protocol = ssl(sender) ? "smtps" : "smtp";
			String prefix = "mail." + protocol + ".";
			Properties properties = new Properties();
			properties.putAll(sender.getJavaMailProperties());
			properties.putIfAbsent(prefix + "connectiontimeout", millis(this.settings.connectTimeout()));
			properties.putIfAbsent(prefix + "timeout", millis(this.settings.timeout()));
			properties.putIfAbsent(prefix + "writetimeout", millis(this.settings.timeout()));
			if (blankToNull(sender.getUsername()) != null) {
				properties.putIfAbsent(prefix + "auth", "true");
			}
			if (this.settings.starttls() && !ssl(sender)
					&& !"true".equals(properties.getProperty(prefix + "ssl.enable"))) {
				properties.put(prefix + "starttls.enable", "true");
				properties.put(prefix + "starttls.required", "true");
			}
			built = Session.getInstance(properties);
			this.session = built;
		}
		return built;
	}

	private static boolean ssl(JavaMailSenderImpl sender) {
		return "smtps".equalsIgnoreCase(sender.getProtocol());
	}

	private static String millis(java.time.Duration duration) {
		return Long.toString(duration.toMillis());
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/** The failure and the server replies nested in it (each refused recipient's). */
	private static String describe(Exception ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()).strip());
		Exception next = (ex instanceof MessagingException m) ? m.getNextException() : null;
		for (int depth = 0; next != null && depth < 5; depth++) {
			if (next instanceof MessagingException) {
				text.append("; ").append(String.valueOf(next.getMessage()).strip());
				next = ((MessagingException) next).getNextException();
			}
			else {
				text.append(" (").append(next.getClass().getSimpleName()).append(')');
				next = null;
			}
		}
		return scrub(text.toString());
	}

	/** A server's words with every address blanked: they go to the action log. */
	static String scrub(String text) {
		return (text == null) ? "" : ADDRESS.matcher(text.strip()).replaceAll("<address>");
	}

	/** A message that keeps the Message-ID it was given, on every save. */
	private static final class ReferencedMessage extends MimeMessage {

		private final String messageId;

		ReferencedMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
