package org.attendancebridge.mock.mail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.attendancebridge.mock.JsonResponses;
import org.attendancebridge.mock.MockSystem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A school's mail server, for staff alerts by email: GreenMail's SMTP server on 127.0.0.1
 * (a free port unless one is given), taking every message for any address, with
 * {@code GET /mail/messages} on the mock's HTTP port listing what it took: one entry per
 * SMTP transaction with its Message-ID, our reference, the subject and how many
 * recipients, never an address.
 */
public final class MockMailServer implements MockSystem, ResponseDefinitionTransformerV2 {

	/** The header attendance-bridge puts its reference in. */
	public static final String REFERENCE_HEADER = "X-Attendance-Bridge-Reference";

	private final GreenMail greenMail;

	private final Supplier<Clock> clock;

	private final List<ReceivedMail> received = new ArrayList<>();

	/** The transaction being delivered: GreenMail delivers it once per recipient. */
	private MovingMessage delivering;

	/**
	 * @param port the SMTP port, 0 for a free one
	 * @param clock the clock messages are stamped by
	 */
	public MockMailServer(int port, Supplier<Clock> clock) {
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		this.greenMail = new GreenMail((port == 0) ? setup.dynamicPort() : setup);
		this.clock = clock;
	}

	@Override
	public String prefix() {
		return "/mail";
	}

	@Override
	public List<Extension> extensions() {
		return List.of(this);
	}

	@Override
	public void register(WireMockServer server) {
		this.greenMail.start();
		UserManager users = this.greenMail.getUserManager();
		MessageDeliveryHandler deliver = users.getMessageDeliveryHandler();
		users.setMessageDeliveryHandler((message, address) -> {
			record(message, address.getEmail());
			return deliver.handle(message, address);
		});
		server.stubFor(get(urlPathEqualTo(prefix() + "/messages")).willReturn(aResponse().withTransformers(getName())));
	}

	@Override
	public void shutDown() {
		this.greenMail.stop();
	}

	/** The port the SMTP server listens on. */
	public int smtpPort() {
		return this.greenMail.getSmtp().getPort();
	}

	/** GreenMail itself, to read mailboxes or stop and start the server. */
	public GreenMail greenMail() {
		return this.greenMail;
	}

	/** Every message taken, oldest first. */
	public synchronized List<ReceivedMail> messages() {
		return List.copyOf(this.received);
	}

	/** The messages carrying this reference. */
	public List<ReceivedMail> messagesWithReference(String reference) {
		return messages().stream().filter((m) -> reference.equals(m.reference())).toList();
	}

	private synchronized void record(MovingMessage message, String recipient) throws MessagingException {
		int last = this.received.size() - 1;
		if (message == this.delivering && last >= 0) {
			ReceivedMail mail = this.received.get(last);
			List<String> recipients = new ArrayList<>(mail.recipients());
			recipients.add(recipient);
			this.received.set(last, new ReceivedMail(mail.seq(), mail.messageId(), mail.reference(), mail.subject(),
					recipients, mail.receivedAt()));
			return;
		}
		this.delivering = message;
		MimeMessage mime = message.getMessage();
		this.received.add(
				new ReceivedMail(this.received.size() + 1L, mime.getMessageID(), mime.getHeader(REFERENCE_HEADER, null),
						mime.getSubject(), List.of(recipient), this.clock.get().instant()));
	}

	@Override
	public String getName() {
		return "mock-mail";
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent event) {
		List<Map<String, Object>> listed = new ArrayList<>();
		for (ReceivedMail mail : messages()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("seq", mail.seq());
			entry.put("messageId", mail.messageId());
			entry.put("reference", mail.reference());
			entry.put("subject", mail.subject());
			entry.put("recipients", mail.recipients().size());
			entry.put("receivedAt", mail.receivedAt().toString());
			listed.add(entry);
		}
		return JsonResponses.json(200, listed);
	}

}
