package org.attendancebridge.action.sms;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.gov.service.notify.Notification;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.SendSmsResponse;
import uk.gov.service.notify.TimedNotificationClient;

import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Gateway;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.network.AddressRefused;

/**
 * Texts parents through a GOV.UK Notify-shaped gateway with the official client. One text
 * per action, to the first contact in priority order with parental responsibility who may
 * receive texts, in their language where the template has it. The {@code reference} is
 * the action's opaque id, so an attempt in doubt is found again by it; a resend is always
 * preceded by that lookup. Nothing personal goes into a detail or a log line: contacts
 * appear by their MIS id, never by number.
 */
final class SmsChannel implements Channel {

	static final Set<String> KINDS = Set.of("sms");

	private static final Pattern ERROR_TYPE = Pattern.compile("\"error\"\\s*:\\s*\"([A-Za-z]+)\"");

	private static final ZoneId NOTIFY_DAY = ZoneId.of("Europe/London");

	private final TimedNotificationClient client;

	private final SmsRecipients recipients;

	private final SmsMessages messages;

	private final ConnectorRegistry schools;

	private final GatewayRateLimit rate;

	private final SmsProperties settings;

	private final Clock clock;

	SmsChannel(TimedNotificationClient client, SmsRecipients recipients, SmsMessages messages,
			ConnectorRegistry schools, GatewayRateLimit rate, SmsProperties settings, Clock clock) {
		this.client = client;
		this.recipients = recipients;
		this.messages = messages;
		this.schools = schools;
		this.rate = rate;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Set<String> kinds() {
		return KINDS;
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.SMS);
	}

	/**
	 * The look-up (after an earlier attempt) and the send together, cut off at the
	 * timeout ({@link TimedNotificationClient#within}).
	 */
	@Override
	public Duration requestTimeout() {
		return this.settings.timeout();
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		return this.client.within(() -> send(action));
	}

	private Delivery send(OutboxAction action) {
		if (action.attempts() > 0) {
			// An earlier attempt may have arrived (a 5xx can follow a send): look first.
			Optional<Delivery> earlier;
			try {
				earlier = find(action);
			}
			catch (RuntimeException ex) {
				// Still unknown, and nothing sent this time: looked up again later.
				return Delivery.inDoubt(lookUpFailed(ex) + "; nothing sent this time");
			}
			if (earlier.isPresent()) {
				return earlier.get();
			}
		}
		String school = action.planned().school();
		Optional<SmsRecipients.Recipient> recipient = this.recipients.of(school, action.planned().pupilId());
		if (recipient.isEmpty()) {
			return Delivery.failed("no contact with parental responsibility who may receive texts");
		}
		SmsMessages.Rendered text = this.messages.render(action.planned().template(), recipient.get().language(),
				values(school));
		if (text.problem() != null) {
			return Delivery.failed(text.problem());
		}
		String to = "contact " + recipient.get().contact().id() + ", in " + text.language();
		try {
			SendSmsResponse sent = this.client.sendSms(this.settings.templateId(), recipient.get().contact().phone(),
					Map.of("body", text.text()), action.reference());
			return Delivery.sent(sent.getNotificationId().toString(), "accepted by the gateway: " + to);
		}
		catch (NotificationClientException ex) {
			return refused(ex, to);
		}
		catch (RuntimeException ex) {
			if (this.client.deadlinePassed()) {
				// Cut at the deadline: the part read is not the gateway's answer.
				return Delivery.inDoubt("no answer after the request left (cut at the deadline of "
						+ this.settings.timeout().toSeconds() + "s): " + to);
			}
			// The answer could not be read (a maintenance page): it may have been sent.
			return Delivery
				.inDoubt("unreadable answer from the gateway (" + ex.getClass().getSimpleName() + "): " + to);
		}
	}

	/**
	 * Why a look-up gave no answer: find's own message (reference, status or refused
	 * address), or for an answer that could not be read its kind alone, never its text.
	 */
	private String lookUpFailed(RuntimeException ex) {
		if (this.client.deadlinePassed()) {
			return "the look-up of the earlier attempt was cut at the deadline of "
					+ this.settings.timeout().toSeconds() + "s (" + ex.getClass().getSimpleName() + ")";
		}
		return (ex instanceof IllegalStateException) ? ex.getMessage()
				: "the look-up of the earlier attempt failed (" + ex.getClass().getSimpleName() + ")";
	}

	private Delivery refused(NotificationClientException ex, String to) {
		int status = ex.getHttpResult();
		if (status == 0) {
			Throwable cause = ex.getCause();
			AddressRefused refused = AddressRefused.in(ex);
			if (refused != null) {
				return Delivery.retryable(refused.getMessage() + "; nothing left: " + to);
			}
			if (cause instanceof TimedNotificationClient.NoTimeLeft) {
				return Delivery.retryable("the look-up took the time the delivery had; nothing left: " + to);
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return Delivery.retryable("the gateway could not be reached (" + cause.getClass().getSimpleName()
						+ "); nothing left: " + to);
			}
			return Delivery.inDoubt("no answer after the request left ("
					+ ((cause == null) ? "unknown" : cause.getClass().getSimpleName()) + "): " + to);
		}
		String type = errorType(ex.getMessage());
		if (status == 429) {
			Instant until = "TooManyRequestsError".equals(type) ? nextNotifyDay() : retryAfter();
			this.rate.pause(until);
			return Delivery.rateLimited("HTTP 429 " + type + ": the gateway is paused until " + until);
		}
		if (status >= 500 || status == 401 || status == 403) {
			return Delivery.retryable("HTTP " + status + " " + type + ": " + to);
		}
		return Delivery.failed("HTTP " + status + " " + type + ": the gateway refused the text to " + to);
	}

	private Instant retryAfter() {
		Duration wait = this.client.lastHeader("Retry-After")
			.flatMap(SmsChannel::seconds)
			.orElse(this.settings.rateLimitPause());
		return this.clock.instant().plus(wait);
	}

	private static Optional<Duration> seconds(String header) {
		try {
			return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private Instant nextNotifyDay() {
		return this.clock.instant().atZone(NOTIFY_DAY).toLocalDate().plusDays(1).atStartOfDay(NOTIFY_DAY).toInstant();
	}

	/**
	 * Looks the action's reference up with the gateway. Found and not failed: SENT. Found
	 * but failed for the phone (permanent or temporary failure): FAILED, since resending
	 * would not help. A technical failure, or nothing found: empty, safe to send.
	 */
	@Override
	public Optional<Delivery> find(OutboxAction action) {
		List<Notification> found;
		try {
			found = this.client.getNotifications(null, "sms", action.reference(), null).getNotifications();
		}
		catch (NotificationClientException ex) {
			AddressRefused refused = AddressRefused.in(ex);
			throw new IllegalStateException(
					"the gateway lookup of " + action.reference() + " failed: " + ((refused != null)
							? refused.getMessage() : "HTTP " + ex.getHttpResult() + " " + errorType(ex.getMessage())));
		}
		Optional<Notification> failed = Optional.empty();
		for (Notification notification : found) {
			String status = notification.getStatus();
			if (status.equals("permanent-failure") || status.equals("temporary-failure")) {
				failed = Optional.of(notification);
			}
			else if (!status.equals("technical-failure")) {
				return Optional.of(Delivery.sent(notification.getId().toString(),
						"reconciled: the gateway has it by reference, " + status));
			}
		}
		return failed.map((n) -> Delivery.failed("the gateway reports " + n.getStatus() + " for " + n.getId()));
	}

	private Map<String, String> values(String school) {
		Map<String, String> values = new LinkedHashMap<>();
		Optional<ConnectorConfig> config = this.schools.find(school);
		config.ifPresent((c) -> values.put("school_name", c.name()));
		config.map((c) -> c.dispatch().schoolPhone()).ifPresent((phone) -> values.put("school_phone", phone));
		return values;
	}

	/** Notify's error type from its JSON body (the message may quote what was sent). */
	private static String errorType(String message) {
		if (message == null) {
			return "error";
		}
		Matcher matcher = ERROR_TYPE.matcher(message);
		return matcher.find() ? matcher.group(1) : "error";
	}

}
