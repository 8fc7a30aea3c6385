package org.attendancebridge.mock.notify;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.gov.service.notify.Notification;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.SendSmsResponse;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official GOV.UK Notify Java client, pointed at the mock, proves it speaks the
 * protocol.
 */
class NotifyOfficialClientTests {

	private static final String TEMPLATE = "9d2b3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

	private WireMockServer server;

	private NotifyMock notify;

	private NotificationClient client;

	@BeforeEach
	void start() {
		// The client stamps its token with the JVM's clock, so the mock reads the same
		// one here.
		this.notify = new NotifyMock(NotifyConfig.of(NotifyTokens.SERVICE_ID, NotifyTokens.SECRET), Clock::systemUTC);
		this.server = new WireMockServer(
				options().dynamicPort().extensions(this.notify.extensions().toArray(new Extension[0])));
		this.server.start();
		this.notify.register(this.server);
		String apiKey = "attendance_bridge_test-" + NotifyTokens.SERVICE_ID + "-" + NotifyTokens.SECRET;
		this.client = new NotificationClient(apiKey, "http://127.0.0.1:" + this.server.port() + "/notify");
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void officialClientSendsATextAndReadsItBackByIdAndReference() throws Exception {
		this.notify.template(UUID.fromString(TEMPLATE), "((pupil)) was absent today.");
		SendSmsResponse sent = this.client.sendSms(TEMPLATE, "07700900123", Map.of("pupil", "A"), "act-42");
		assertThat(sent.getReference()).contains("act-42");
		assertThat(sent.getBody()).isEqualTo("A was absent today.");
		assertThat(sent.getTemplateId().toString()).isEqualTo(TEMPLATE);

		Notification byId = this.client.getNotificationById(sent.getNotificationId().toString());
		assertThat(byId.getStatus()).isIn("created", "sending", "delivered");
		assertThat(byId.getNotificationType()).isEqualTo("sms");
		assertThat(byId.getPhoneNumber()).contains("07700900123");

		assertThat(this.client.getNotifications(null, "sms", "act-42", null).getNotifications())
			.extracting(Notification::getId)
			.containsExactly(sent.getNotificationId());
	}

	@Test
	void officialClientSeesAValidationErrorAsItsException() {
		assertThatThrownBy(() -> this.client.sendSms(TEMPLATE, "not a number", Map.of(), "act-1"))
			.isInstanceOfSatisfying(NotificationClientException.class,
					ex -> assertThat(ex.getHttpResult()).isEqualTo(400))
			.hasMessageContaining("ValidationError");
	}

}
