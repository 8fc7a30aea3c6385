package org.attendancebridge.action.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.DispatchProperties;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.action.email.AlertEmailStore.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Staff alerts by email, exactly once as far as SMTP allows. Each action's message
 * carries our reference twice: as its Message-ID ({@code <ab-<id>.<school>@<domain>>},
 * the same on every attempt, so a mail system that drops repeats can) and in the
 * {@value #REFERENCE_HEADER} header. Around the send, {@link AlertEmailStore} records
 * each attempt: STARTED under a lease as long as the dispatcher's on the action, SENDING
 * once the message is handed over (only while that lease holds: an attempt that hung past
 * it sends nothing), then ACCEPTED or REFUSED. From the hand-over its connection is
 * closed once the answer is due ({@link SmtpSender#answerWithin()}), and its record holds
 * the email for the dispatcher's lease margin longer. A message refused before it was
 * handed over is RETRYABLE (FAILED for a permanent refusal); one lost after it was handed
 * over is IN_DOUBT and stays so: SMTP cannot be asked whether it arrived, so it is never
 * resent without a person. Logs carry references and counts, never an address.
 */
@Component
public class EmailAlerts {

	/** The header that carries our reference. */
	public static final String REFERENCE_HEADER = "X-Attendance-Bridge-Reference";

	/** What an operator reads when an email is in doubt. */
	static final String FOR_A_PERSON = "SMTP cannot be asked whether it arrived, so it is not sent again: "
			+ "a person checks with the recipients";

	private static final Logger log = LoggerFactory.getLogger(EmailAlerts.class);

	private final SmtpSender smtp;

	private final AlertEmailStore store;

	private final MailSettings settings;

	private final DispatchProperties dispatch;

	private final Clock clock;

	public EmailAlerts(SmtpSender smtp, AlertEmailStore store, MailSettings settings, DispatchProperties dispatch,
			Clock clock) {
		this.smtp = smtp;
		this.store = store;
		this.settings = settings;
		this.dispatch = dispatch;
		this.clock = clock;
	}

	/** Why nothing can be emailed, or null when email is ready. */
	public String unavailable() {
		return this.smtp.unavailable();
	}

	/** What became of the action's email so far. */
	public State state(OutboxAction action) {
		return this.store.state(action.id());
	}

	/**
	 * An earlier attempt may still send the email or hear that the server took it: this
	 * one waits for it (at most an attempt's lease, which is the dispatcher's on an
	 * action).
	 */
	public Delivery underWay(OutboxAction action) {
		return new Delivery(Delivery.Outcome.RETRYABLE, null,
				"an earlier attempt to email " + action.reference()
						+ " may still be under way: tried again once it has ended or its lease has run out",
				Delivery.GatewaySign.NOTHING);
	}

	/** The Message-ID of the action's email, the same on every attempt. */
	String messageId(OutboxAction action) {
		return "<" + action.reference() + "." + action.planned().school() + "@" + this.settings.fromDomain() + ">";
	}

	/** The Message-ID the action's email was taken under (or would be sent under). */
	public String sentMessageId(OutboxAction action) {
		return this.store.messageId(action.id()).orElseGet(() -> messageId(action));
	}

	/**
	 * Emails the alert to these addresses, unless an earlier attempt's email was taken
	 * (SENT without a second message) or may have been (IN_DOUBT).
	 * @param to the recipients' addresses
	 * @param subject the subject: internal ids and the rule, never a name or UPN
	 * @param text the body
	 */
	public Delivery deliver(OutboxAction action, List<String> to, String subject, String text) {
		String school = action.planned().school();
		String messageId = messageId(action);
		Address[] addresses;
		try {
			addresses = InternetAddress.parse(String.join(",", to), true);
		}
		catch (AddressException ex) {
			return Delivery.failed(school + ": an email address of the staff for " + action.reference()
					+ " is not valid; correct it in the MIS or the connector file's roles:");
		}
		AlertEmailStore.Begun begun = this.store.begin(action.id(), messageId, addresses.length, this.dispatch.lease());
		switch (begun.before()) {
			case ACCEPTED -> {
				log.info("{}: alert {} was already taken by the SMTP server: not emailed again", school,
						action.reference());
				return Delivery.sent(sentMessageId(action),
						"the email was already taken by the SMTP server, so it was not sent again");
			}
			case SENDING -> {
				return Delivery.inDoubt("an earlier email of " + action.reference()
						+ " may have reached the SMTP server; " + FOR_A_PERSON);
			}
			case UNDER_WAY -> {
				return underWay(action);
			}
			default -> {
				// This attempt may go ahead.
			}
		}
		int attempt = begun.attempt();
		MimeMessage message = this.smtp.message(messageId);
		try {
			message.setFrom(new InternetAddress(this.settings.from()));
			message.setRecipients(MimeMessage.RecipientType.TO, addresses);
			message.setSubject(subject, StandardCharsets.UTF_8.name());
			message.setText(text, StandardCharsets.UTF_8.name());
			message.setSentDate(Date.from(this.clock.instant()));
			message.setHeader(REFERENCE_HEADER, action.reference());
		}
		catch (MessagingException ex) {
			this.store.refused(action.id(), attempt, "not built: " + ex.getClass().getSimpleName());
			return Delivery.failed(school + ": the email for " + action.reference() + " could not be made ("
					+ SmtpSender.scrub(ex.getMessage()) + "); check MAIL_FROM");
		}
		// The message goes to the server only while this attempt still holds the email:
		// then its connection is closed at the latest when the answer is due, and it
		// holds the email for the margin longer, to record what it heard.
		Duration holdFor = this.smtp.answerWithin().plus(this.dispatch.leaseMargin());
		SmtpSender.Answer answer = this.smtp.send(message, addresses,
				() -> this.store.handOver(action.id(), attempt, holdFor));
		switch (answer.outcome()) {
			case ACCEPTED -> {
				this.store.accepted(action.id(), attempt, answer.reply());
				log.info("{}: alert {} emailed to {} staff: {}", school, action.reference(), addresses.length,
						messageId);
				return Delivery.sent(messageId,
						"emailed to " + addresses.length + " staff, taken by the SMTP server: " + answer.reply());
			}
			case TRY_AGAIN -> {
				this.store.refused(action.id(), attempt, answer.reply());
				log.warn("{}: alert {} not emailed, to try again: {}", school, action.reference(), answer.reply());
				return Delivery.retryable(answer.reply());
			}
			case REFUSED -> {
				this.store.refused(action.id(), attempt, answer.reply());
				log.warn("{}: alert {} refused by the SMTP server: {}", school, action.reference(), answer.reply());
				return Delivery.failed(school + ": " + answer.reply());
			}
			case WITHHELD -> {
				this.store.refused(action.id(), attempt, answer.reply());
				log.warn("{}: alert {}, attempt {}: {}", school, action.reference(), attempt, answer.reply());
				return new Delivery(Delivery.Outcome.RETRYABLE, null, answer.reply(), Delivery.GatewaySign.NOTHING);
			}
			default -> {
				this.store.lost(action.id(), attempt, answer.reply());
				log.warn("{}: alert {} in doubt: {}", school, action.reference(), answer.reply());
				return Delivery.inDoubt(answer.reply() + "; " + FOR_A_PERSON);
			}
		}
	}

}
