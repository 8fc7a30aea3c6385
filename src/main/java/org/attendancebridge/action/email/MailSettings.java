package org.attendancebridge.action.email;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How staff alerts are emailed ({@code attendance-bridge.mail.*}). The SMTP server itself
 * (host, port, username, password) is Spring's {@code spring.mail.*}, from the
 * environment ({@code SPRING_MAIL_HOST}, ...); without a host no alert is emailed.
 *
 * @param from {@code MAIL_FROM}: the sender's address; its domain also ends each
 * message's Message-ID
 * @param starttls {@code MAIL_STARTTLS}: upgrade the connection with STARTTLS and refuse
 * a server that cannot (staff alerts are about pupils); false only for a local mock
 * @param connectTimeout how long to wait for the server to answer the connection
 * @param timeout how long to wait for each answer, and for each write, before giving up
 * (unless {@code spring.mail.properties} sets the session's own); from the hand-over of a
 * message, its write and its answer together are bounded as a whole
 */
@ConfigurationProperties("attendance-bridge.mail")
public record MailSettings(String from, @DefaultValue("true") boolean starttls,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration timeout) {

	public MailSettings {
		from = (from == null || from.isBlank()) ? null : from.trim();
		if (from != null && !from.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
			throw new IllegalArgumentException(
					"MAIL_FROM (attendance-bridge.mail.from): '" + from + "' is not an email address");
		}
	}

	/** The part of the sender's address after the {@code @}. */
	String fromDomain() {
		return (this.from == null) ? "localhost" : this.from.substring(this.from.lastIndexOf('@') + 1);
	}

}
