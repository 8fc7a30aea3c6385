package org.attendancebridge.mock.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.attendancebridge.mock.HttpCalls;
import org.attendancebridge.mock.JsonResponses;
import org.attendancebridge.mock.HttpCalls.Answer;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyMockTests {

	private static final String TEMPLATE = "9d2b3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T08:50:00Z"));

	private WireMockServer server;

	private WireMockServer receiver;

	private NotifyMock notify;

	private HttpCalls http;

	private void start(NotifyConfig config) {
		this.notify = new NotifyMock(config, () -> this.clock);
		this.server = new WireMockServer(
				options().dynamicPort().extensions(this.notify.extensions().toArray(new Extension[0])));
		this.server.start();
		this.notify.register(this.server);
		this.http = new HttpCalls("http://127.0.0.1:" + this.server.port() + "/notify");
	}

	private void start() {
		start(NotifyConfig.of(NotifyTokens.SERVICE_ID, NotifyTokens.SECRET)
			.withDeliveryTimes(Duration.ofSeconds(2), Duration.ofSeconds(10)));
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
		if (this.receiver != null) {
			this.receiver.stop();
		}
	}

	private String bearer() {
		return NotifyTokens.bearer(this.clock.instant());
	}

	private Answer send(String phone, String reference) throws Exception {
		return this.http.post("/v2/notifications/sms", bearer(), Map.of("phone_number", phone, "template_id", TEMPLATE,
				"personalisation", Map.of("pupil", "A"), "reference", reference));
	}

	private Answer statusOf(Answer created) throws Exception {
		return this.http.get("/v2/notifications/" + created.json().get("id").asText(), bearer());
	}

	@Test
	void missingTokenIsRefusedWithAuthError() throws Exception {
		start();
		Answer answer = this.http.get("/v2/notifications", null);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().at("/errors/0/error").asText()).isEqualTo("AuthError");
		assertThat(answer.json().get("status_code").asInt()).isEqualTo(401);
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() throws Exception {
		start();
		String forged = "Bearer " + NotifyTokens.token(NotifyTokens.SERVICE_ID, "ffffffff-ffff-ffff-ffff-ffffffffffff",
				this.clock.instant());
		Answer answer = this.http.get("/v2/notifications", forged);
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.json().at("/errors/0/message").asText()).contains("signature");
	}

	@Test
	void tokenForAnotherServiceIsRefused() throws Exception {
		start();
		String other = "Bearer "
				+ NotifyTokens.token("00000000-0000-0000-0000-000000000000", NotifyTokens.SECRET, this.clock.instant());
		assertThat(this.http.get("/v2/notifications", other).status()).isEqualTo(403);
	}

	@Test
	void tokenIssuedMoreThan30SecondsFromTheMocksClockIsRefused() throws Exception {
		start();
		Answer stale = this.http.get("/v2/notifications", NotifyTokens.bearer(this.clock.instant().minusSeconds(31)));
		assertThat(stale.status()).isEqualTo(403);
		assertThat(stale.json().at("/errors/0/message").asText()).contains("30 seconds");
		Answer ahead = this.http.get("/v2/notifications", NotifyTokens.bearer(this.clock.instant().plusSeconds(31)));
		assertThat(ahead.status()).isEqualTo(403);
		Answer withinSkew = this.http.get("/v2/notifications",
				NotifyTokens.bearer(this.clock.instant().minusSeconds(29)));
		assertThat(withinSkew.status()).isEqualTo(200);
	}

	@Test
	void acceptedTextAnswers201InNotifyShape() throws Exception {
		start();
		this.notify.template(UUID.fromString(TEMPLATE), "((pupil)) was absent today.");
		Answer answer = send("07700 900123", "act-1");
		assertThat(answer.status()).isEqualTo(201);
		String id = answer.json().get("id").asText();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(answer.json().get("reference").asText()).isEqualTo("act-1");
		assertThat(answer.json().at("/content/body").asText()).isEqualTo("A was absent today.");
		assertThat(answer.json().at("/content/from_number").asText()).isNotBlank();
		assertThat(answer.json().at("/template/id").asText()).isEqualTo(TEMPLATE);
		assertThat(answer.json().at("/template/version").asInt()).isEqualTo(1);
		assertThat(answer.json().at("/template/uri").asText()).contains("/notify/v2/template/" + TEMPLATE);
		assertThat(answer.json().get("uri").asText()).endsWith("/notify/v2/notifications/" + id);
		assertThat(this.notify.sentTexts()).extracting(SentText::reference).containsExactly("act-1");
	}

	@Test
	void missingPersonalisationForARegisteredTemplateIsRefused() throws Exception {
		start();
		this.notify.template(UUID.fromString(TEMPLATE), "((pupil)) missed ((sessions)) sessions.");
		Answer answer = send("07700900123", "act-1");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().at("/errors/0/message").asText()).isEqualTo("Missing personalisation: sessions");
	}

	@Test
	void badPhoneNumberIsAValidationError() throws Exception {
		start();
		for (String bad : List.of("01632 960000", "07700 90012", "0770090012345", "07700-ABC-123")) {
			Answer answer = send(bad, "act-1");
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.json().at("/errors/0/error").asText()).isEqualTo("ValidationError");
			assertThat(answer.json().at("/errors/0/message").asText()).startsWith("phone_number ");
			assertThat(answer.json().get("status_code").asInt()).isEqualTo(400);
		}
		assertThat(this.notify.sentTexts()).isEmpty();
	}

	@Test
	void missingTemplateIdAndNonUuidTemplateIdAreValidationErrors() throws Exception {
		start();
		Answer missing = this.http.post("/v2/notifications/sms", bearer(), Map.of("phone_number", "07700900123"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().at("/errors/0/message").asText()).isEqualTo("template_id is a required property");
		Answer notUuid = this.http.post("/v2/notifications/sms", bearer(),
				Map.of("phone_number", "07700900123", "template_id", "absence-text"));
		assertThat(notUuid.json().at("/errors/0/message").asText()).isEqualTo("template_id is not a valid UUID");
	}

	@Test
	void statusMovesFromCreatedToSendingToDeliveredAsTheClockPasses() throws Exception {
		start();
		Answer created = send("+447700900123", "act-1");
		assertThat(statusOf(created).json().get("status").asText()).isEqualTo("created");
		assertThat(statusOf(created).json().get("sent_at").isNull()).isTrue();
		this.clock.advance(Duration.ofSeconds(3));
		Answer sending = statusOf(created);
		assertThat(sending.json().get("status").asText()).isEqualTo("sending");
		assertThat(sending.json().get("completed_at").isNull()).isTrue();
		this.clock.advance(Duration.ofSeconds(10));
		Answer delivered = statusOf(created);
		assertThat(delivered.json().get("status").asText()).isEqualTo("delivered");
		assertThat(delivered.json().get("type").asText()).isEqualTo("sms");
		assertThat(delivered.json().get("completed_at").asText()).isEqualTo("2026-11-02T08:50:10Z");
		assertThat(this.notify.countByStatus()).containsEntry(TextStatus.DELIVERED, 1);
	}

	@Test
	void testNumberEndsInTemporaryFailure() throws Exception {
		start();
		Answer created = send("07700900003", "act-1");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(statusOf(created).json().get("status").asText()).isEqualTo("temporary-failure");
	}

	@Test
	void testNumberEndsInPermanentFailure() throws Exception {
		start();
		Answer created = send("+44 7700 900002", "act-1");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(statusOf(created).json().get("status").asText()).isEqualTo("permanent-failure");
	}

	@Test
	void lookupByReferenceFindsOnlyThatReferencesTexts() throws Exception {
		start();
		send("07700900123", "act-1");
		send("07700900124", "act-2");
		send("07700900125", "act-1");
		Answer answer = this.http.get("/v2/notifications?reference=act-1", bearer());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("notifications")).hasSize(2);
		answer.json().get("notifications").forEach(n -> assertThat(n.get("reference").asText()).isEqualTo("act-1"));
		assertThat(answer.json().at("/links/current").asText()).endsWith("/notify/v2/notifications?reference=act-1");
	}

	@Test
	void listFiltersByStatusAndOlderThan() throws Exception {
		start();
		Answer first = send("07700900002", "act-1");
		this.clock.advance(Duration.ofMinutes(1));
		Answer second = send("07700900123", "act-2");
		Answer failed = this.http.get("/v2/notifications?status=permanent-failure", bearer());
		assertThat(failed.json().get("notifications")).hasSize(1);
		assertThat(failed.json().at("/notifications/0/id").asText()).isEqualTo(first.json().get("id").asText());
		Answer older = this.http.get("/v2/notifications?older_than=" + second.json().get("id").asText(), bearer());
		assertThat(older.json().get("notifications")).hasSize(1);
		assertThat(older.json().at("/notifications/0/reference").asText()).isEqualTo("act-1");
		assertThat(this.http.get("/v2/notifications?status=lost", bearer()).status()).isEqualTo(400);
	}

	@Test
	void listPagesBy250WithANextLinkThatReachesTheOlderTexts() throws Exception {
		start();
		for (int i = 0; i < 251; i++) {
			send("07700900123", "act-" + i);
			this.clock.advance(Duration.ofMillis(10));
		}
		Answer first = this.http.get("/v2/notifications", bearer());
		assertThat(first.json().get("notifications")).hasSize(250);
		assertThat(first.json().at("/notifications/0/reference").asText()).isEqualTo("act-250");
		String next = first.json().at("/links/next").asText();
		assertThat(next).contains("/notify/v2/notifications?older_than=");
		Answer second = this.http.get(next.substring(next.indexOf("/v2/")), bearer());
		assertThat(second.json().get("notifications")).hasSize(1);
		assertThat(second.json().at("/notifications/0/reference").asText()).isEqualTo("act-0");
		assertThat(second.json().at("/links/next").isMissingNode()).isTrue();
	}

	@Test
	void textsAreForgottenAfterSevenDays() throws Exception {
		start();
		Answer created = send("07700900123", "act-1");
		this.clock.advance(Duration.ofDays(7).minusMinutes(1));
		assertThat(statusOf(created).status()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(statusOf(created).status()).isEqualTo(404);
		assertThat(this.http.get("/v2/notifications?reference=act-1", bearer()).json().get("notifications")).isEmpty();
	}

	@Test
	void requestsBeyondTheConfiguredLimitPerRollingMinuteGetRateLimitError() throws Exception {
		start(NotifyConfig.of(NotifyTokens.SERVICE_ID, NotifyTokens.SECRET).withRequestsPerMinute(3));
		for (int i = 0; i < 3; i++) {
			assertThat(send("07700900123", "act-" + i).status()).isEqualTo(201);
		}
		Answer refused = send("07700900123", "act-4");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.json().at("/errors/0/error").asText()).isEqualTo("RateLimitError");
		assertThat(refused.json().at("/errors/0/message").asText()).contains("3 requests per 60 seconds");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(send("07700900123", "act-5").status()).isEqualTo(201);
		assertThat(this.notify.sentTexts()).hasSize(4);
	}

	@Test
	void theJournalListsEveryTextByReferenceAndWhenItWasAcceptedOldestFirst() throws Exception {
		start();
		send("07700900123", "act-1");
		this.clock.advance(Duration.ofSeconds(3));
		send("07700900124", "act-2");
		send("07700900125", "act-1");
		Answer journal = this.http.get("/_journal", null);
		assertThat(journal.status()).isEqualTo(200);
		assertThat(journal.json().get("texts")).hasSize(3);
		assertThat(journal.json().at("/texts/0/reference").asText()).isEqualTo("act-1");
		assertThat(journal.json().at("/texts/0/created_at").asText()).isEqualTo("2026-11-02T08:50:00Z");
		assertThat(journal.json().at("/texts/2/created_at").asText()).isEqualTo("2026-11-02T08:50:03Z");
		// Nothing personal: no number, no body.
		assertThat(journal.body()).doesNotContain("07700", "absent");
	}

	@Test
	void textsMayRunOnASimulatedClockWhileTokensAreCheckedAgainstTheRealOne() throws Exception {
		MutableClock real = new MutableClock(Instant.parse("2026-11-02T10:15:00Z"));
		this.notify = new NotifyMock(NotifyConfig.of(NotifyTokens.SERVICE_ID, NotifyTokens.SECRET), () -> this.clock,
				() -> real);
		this.server = new WireMockServer(
				options().dynamicPort().extensions(this.notify.extensions().toArray(new Extension[0])));
		this.server.start();
		this.notify.register(this.server);
		this.http = new HttpCalls("http://127.0.0.1:" + this.server.port() + "/notify");
		Answer created = this.http.post("/v2/notifications/sms", NotifyTokens.bearer(real.instant()),
				Map.of("phone_number", "07700900123", "template_id", TEMPLATE, "reference", "act-1"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(this.notify.sentTexts()).extracting(SentText::createdAt).containsExactly(this.clock.instant());
		assertThat(this.http.get("/v2/notifications", bearer()).status()).isEqualTo(403);
	}

	@Test
	void textsBeyondTheDailyLimitGetTooManyRequestsError() throws Exception {
		start(NotifyConfig.of(NotifyTokens.SERVICE_ID, NotifyTokens.SECRET).withDailyMessageLimit(2));
		send("07700900123", "act-1");
		send("07700900123", "act-2");
		Answer refused = send("07700900123", "act-3");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.json().at("/errors/0/error").asText()).isEqualTo("TooManyRequestsError");
		this.clock.advance(Duration.ofDays(1));
		assertThat(send("07700900123", "act-4").status()).isEqualTo(201);
	}

	private void startReceiver() {
		this.receiver = new WireMockServer(options().dynamicPort());
		this.receiver.start();
		this.receiver.stubFor(post(urlEqualTo("/receipts")).willReturn(aResponse().withStatus(204)));
		this.notify.callbacks(URI.create("http://127.0.0.1:" + this.receiver.port() + "/receipts"), "cb-token");
	}

	@Test
	void deliveryReceiptIsPostedWithTheBearerTokenOnceTheStatusIsFinal() throws Exception {
		start();
		startReceiver();
		Answer created = send("07700900003", "act-1");
		assertThat(this.notify.postDueReceipts()).isZero();
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.notify.postDueReceipts()).isEqualTo(1);
		assertThat(this.notify.postDueReceipts()).isZero();
		List<LoggedRequest> receipts = this.receiver.findAll(postRequestedFor(urlEqualTo("/receipts")));
		assertThat(receipts).hasSize(1);
		assertThat(receipts.get(0).getHeader("Authorization")).isEqualTo("Bearer cb-token");
		Map<String, Object> receipt = JsonResponses.readObject(receipts.get(0).getBodyAsString());
		assertThat(receipt).containsEntry("id", created.json().get("id").asText())
			.containsEntry("reference", "act-1")
			.containsEntry("to", "07700900003")
			.containsEntry("status", "temporary-failure")
			.containsEntry("notification_type", "sms")
			.containsKeys("created_at", "completed_at", "sent_at");
	}

	@Test
	void aReceiptTheServiceDidNotTakeIsPostedAgain() throws Exception {
		start();
		startReceiver();
		this.receiver.stubFor(post(urlEqualTo("/receipts")).willReturn(aResponse().withStatus(409)));
		send("07700900123", "act-1");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.notify.postDueReceipts()).isZero();
		this.receiver.stubFor(post(urlEqualTo("/receipts")).willReturn(aResponse().withStatus(204)));
		assertThat(this.notify.postDueReceipts()).isEqualTo(1);
		assertThat(this.notify.postDueReceipts()).isZero();
		assertThat(this.receiver.findAll(postRequestedFor(urlEqualTo("/receipts")))).hasSize(2);
	}

	@Test
	void receiptTimerPostsReceiptsWithoutBeingAsked() throws Exception {
		start();
		startReceiver();
		send("07700900123", "act-1");
		this.clock.advance(Duration.ofMinutes(1));
		try (AutoCloseable timer = this.notify.postReceiptsEvery(Duration.ofMillis(50))) {
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (this.receiver.findAll(postRequestedFor(urlEqualTo("/receipts"))).isEmpty()
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}
		assertThat(this.receiver.findAll(postRequestedFor(urlEqualTo("/receipts")))).hasSize(1);
	}

	@Test
	void disorderlyReceiptsArriveRepeatedAndNewestFirst() throws Exception {
		start();
		startReceiver();
		this.notify.disorderlyCallbacks(true);
		send("07700900123", "act-1");
		this.clock.advance(Duration.ofSeconds(1));
		send("07700900123", "act-2");
		this.clock.advance(Duration.ofMinutes(1));
		// Two receipts taken, each posted twice.
		assertThat(this.notify.postDueReceipts()).isEqualTo(2);
		List<String> order = this.receiver.findAll(postRequestedFor(urlEqualTo("/receipts")))
			.stream()
			.map(request -> (String) JsonResponses.readObject(request.getBodyAsString()).get("reference"))
			.toList();
		assertThat(order).containsExactly("act-2", "act-1", "act-2", "act-1");
	}

	@Test
	void reconcileByReferenceFindsMessageRecordedBefore503() throws Exception {
		start();
		this.notify.fault(MockFault.serverError(503, true));
		Answer failed = send("07700900123", "act-9");
		assertThat(failed.status()).isEqualTo(503);
		Answer found = this.http.get("/v2/notifications?reference=act-9", bearer());
		assertThat(found.json().get("notifications")).hasSize(1);
	}

	@Test
	void serverErrorThatRecordedNothingLeavesNothingToFind() throws Exception {
		start();
		this.notify.fault(MockFault.serverError(500, false));
		assertThat(send("07700900123", "act-9").status()).isEqualTo(500);
		this.notify.fault(MockFault.serverError(502, false));
		assertThat(send("07700900123", "act-9").status()).isEqualTo(502);
		assertThat(this.http.get("/v2/notifications?reference=act-9", bearer()).json().get("notifications")).isEmpty();
	}

	@Test
	void connectionResetAfterRecordingLeavesTheTextToReconcile() throws Exception {
		start();
		this.notify.fault(MockFault.connectionReset(true));
		assertThatThrownBy(() -> send("07700900123", "act-9")).isInstanceOf(IOException.class);
		assertThat(this.notify.sentTexts()).extracting(SentText::reference).containsExactly("act-9");
	}

	@Test
	void slowAnswerTimesOutTheClientButTheTextWasSent() throws Exception {
		start();
		this.notify.fault(MockFault.slow(Duration.ofSeconds(2)));
		assertThatThrownBy(() -> this.http.post("/v2/notifications/sms", bearer(),
				Map.of("phone_number", "07700900123", "template_id", TEMPLATE, "reference", "act-9"),
				Duration.ofMillis(300)))
			.isInstanceOf(HttpTimeoutException.class);
		assertThat(this.notify.sentTexts()).extracting(SentText::reference).containsExactly("act-9");
	}

	@Test
	void tricklingAnswerComesWholeInTheEndAndTheTextWasSent() throws Exception {
		start();
		this.notify.fault(MockFault.fromAdminCall(Map.of("kind", "trickle", "delayMs", 1000)));
		Answer answer = send("07700900123", "act-9");
		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.json().get("reference").asText()).isEqualTo("act-9");
		assertThat(this.notify.sentTexts()).extracting(SentText::reference).containsExactly("act-9");
	}

	@Test
	void aFixedLengthTrickleDeclaresItsLengthInsteadOfChunksAndComesWholeInTheEnd() throws Exception {
		start();
		this.notify.fault(MockFault.fromAdminCall(Map.of("kind", "trickle-fixed-length", "delayMs", 1000)));
		Answer answer = send("07700900123", "act-9");
		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.header("Transfer-Encoding")).isNull();
		assertThat(answer.header("Content-Length")).isNotNull();
		assertThat(answer.json().get("reference").asText()).isEqualTo("act-9");
		assertThat(this.notify.sentTexts()).extracting(SentText::reference).containsExactly("act-9");
	}

	@Test
	void rateLimitFaultAnswers429WithRetryAfterAndRecordsNothing() throws Exception {
		start();
		this.notify.fault(MockFault.rateLimited(17));
		Answer answer = send("07700900123", "act-9");
		assertThat(answer.status()).isEqualTo(429);
		assertThat(answer.header("Retry-After")).isEqualTo("17");
		assertThat(answer.json().at("/errors/0/error").asText()).isEqualTo("RateLimitError");
		assertThat(this.notify.sentTexts()).isEmpty();
	}

	@Test
	void adminCallSwitchesAFaultOnForTwoSendsThenItSwitchesItselfOff() throws Exception {
		start();
		Answer set = this.http.post("/_faults", null, Map.of("kind", "server-error", "status", 502, "times", 2));
		assertThat(set.status()).isEqualTo(200);
		assertThat(send("07700900123", "act-1").status()).isEqualTo(502);
		assertThat(send("07700900123", "act-1").status()).isEqualTo(502);
		assertThat(send("07700900123", "act-1").status()).isEqualTo(201);
	}

	@Test
	void maintenancePageIsA200InHtmlAndSendsNothing() throws Exception {
		start();
		this.http.post("/_faults", null, Map.of("kind", "maintenance-page"));
		URI sms = URI.create("http://127.0.0.1:" + this.server.port() + "/notify/v2/notifications/sms");
		String body = "{\"phone_number\":\"07700900123\",\"template_id\":\"" + TEMPLATE + "\"}";
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(sms)
				.header("Authorization", bearer())
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(answer.body()).contains("maintenance");
		assertThat(this.notify.sentTexts()).isEmpty();
	}

	@Test
	void adminCallClearsAFaultAndRefusesAnUnknownKind() throws Exception {
		start();
		this.http.post("/_faults", null, Map.of("kind", "connection-reset"));
		assertThat(this.http.delete("/_faults").status()).isEqualTo(204);
		assertThat(send("07700900123", "act-1").status()).isEqualTo(201);
		Answer unknown = this.http.post("/_faults", null, Map.of("kind", "meteor"));
		assertThat(unknown.status()).isEqualTo(400);
	}

	@Test
	void clearForgetsTexts() throws Exception {
		start();
		send("07700900123", "act-1");
		this.notify.clear();
		assertThat(this.notify.sentTexts()).isEmpty();
		assertThat(this.notify.countByStatus()).isEmpty();
	}

}
