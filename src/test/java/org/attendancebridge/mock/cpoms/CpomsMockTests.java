package org.attendancebridge.mock.cpoms;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.attendancebridge.mock.HttpCalls;
import org.attendancebridge.mock.HttpCalls.Answer;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpomsMockTests {

	private static final String TOKEN = "Token cpoms-test-token";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:15:00Z"));

	private WireMockServer server;

	private CpomsMock cpoms;

	private HttpCalls http;

	@BeforeEach
	void start() {
		this.cpoms = new CpomsMock("cpoms-test-token", () -> this.clock);
		this.server = new WireMockServer(
				options().dynamicPort().extensions(this.cpoms.extensions().toArray(new Extension[0])));
		this.server.start();
		this.cpoms.register(this.server);
		this.http = new HttpCalls("http://127.0.0.1:" + this.server.port() + "/cpoms");
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private static Map<String, Object> concern(String externalRef) {
		Map<String, Object> body = new HashMap<>();
		body.put("student_upn", "A123456789012");
		body.put("category_ids", List.of(1, 11));
		body.put("incident_text", "Attendance 88.5% this year; stage PA reached on 2026-11-02.");
		body.put("occurred_at", "2026-11-02T09:30:00+00:00");
		body.put("alert_user_ids", List.of(7, 9));
		body.put("external_ref", externalRef);
		return body;
	}

	@Test
	void missingOrWrongTokenIsRefusedWith401() throws Exception {
		assertThat(this.http.get("/api/v1/categories", null).status()).isEqualTo(401);
		assertThat(this.http.get("/api/v1/categories", "Token wrong").status()).isEqualTo(401);
		assertThat(this.http.get("/api/v1/categories", "Bearer cpoms-test-token").status()).isEqualTo(401);
		assertThat(this.http.post("/api/v1/incidents", "Token wrong", concern("act-1")).status()).isEqualTo(401);
		assertThat(this.cpoms.incidents()).isEmpty();
	}

	@Test
	void categoriesHaveAnAttendanceParentWithItsChildren() throws Exception {
		Answer answer = this.http.get("/api/v1/categories", TOKEN);
		assertThat(answer.status()).isEqualTo(200);
		JsonNode attendance = null;
		for (JsonNode category : answer.json()) {
			if ("Attendance".equals(category.get("name").asText())) {
				attendance = category;
			}
		}
		assertThat(attendance).isNotNull();
		assertThat(attendance.get("parent_id").isNull()).isTrue();
		int parent = attendance.get("id").asInt();
		List<String> children = new ArrayList<>();
		answer.json().forEach(category -> {
			if (category.get("parent_id").asInt(-1) == parent) {
				children.add(category.get("name").asText());
			}
		});
		assertThat(children).contains("Persistent absence", "Severe absence", "Missing education",
				"Home visit - no contact");
	}

	@Test
	void createdIncidentAnswers201WithItsIdAndCanBeReadBack() throws Exception {
		Answer created = this.http.post("/api/v1/incidents", TOKEN, concern("act-1"));
		assertThat(created.status()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		Answer read = this.http.get("/api/v1/incidents/" + id, TOKEN);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("student_upn").asText()).isEqualTo("A123456789012");
		assertThat(read.json().get("category_ids")).extracting(JsonNode::asInt).containsExactly(1, 11);
		assertThat(read.json().get("alert_user_ids")).extracting(JsonNode::asInt).containsExactly(7, 9);
		assertThat(read.json().get("created_at").asText()).isEqualTo("2026-11-02T10:15:00Z");
		assertThat(this.cpoms.incidents()).extracting(Incident::externalRef).containsExactly("act-1");
		assertThat(this.http.get("/api/v1/incidents/999999", TOKEN).status()).isEqualTo(404);
	}

	@Test
	void unknownCategoryAndMissingUpnAre422WithFieldMessages() throws Exception {
		Map<String, Object> body = concern("act-1");
		body.remove("student_upn");
		body.put("category_ids", List.of(1, 99));
		Answer answer = this.http.post("/api/v1/incidents", TOKEN, body);
		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.json().at("/errors/student_upn/0").asText()).isEqualTo("can't be blank");
		assertThat(answer.json().at("/errors/category_ids/0").asText()).isEqualTo("unknown category 99");
		assertThat(this.cpoms.incidents()).isEmpty();
	}

	@Test
	void malformedUpnTextAndTimestampAre422() throws Exception {
		Map<String, Object> body = concern("act-1");
		body.put("student_upn", "12345");
		body.put("incident_text", " ");
		body.put("occurred_at", "yesterday");
		Answer answer = this.http.post("/api/v1/incidents", TOKEN, body);
		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.json().get("errors").has("student_upn")).isTrue();
		assertThat(answer.json().get("errors").has("incident_text")).isTrue();
		assertThat(answer.json().get("errors").has("occurred_at")).isTrue();
	}

	@Test
	void lookupByExternalRefFindsOnlyThatConcern() throws Exception {
		this.http.post("/api/v1/incidents", TOKEN, concern("act-1"));
		this.http.post("/api/v1/incidents", TOKEN, concern("act-2"));
		Answer found = this.http.get("/api/v1/incidents?external_ref=act-2", TOKEN);
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.json()).hasSize(1);
		assertThat(found.json().get(0).get("external_ref").asText()).isEqualTo("act-2");
		assertThat(this.http.get("/api/v1/incidents?external_ref=act-3", TOKEN).json()).isEmpty();
	}

	@Test
	void timeoutAfterCreateLeavesTheConcernToFindByExternalRef() throws Exception {
		this.cpoms.fault(MockFault.slow(Duration.ofSeconds(2)));
		assertThatThrownBy(() -> this.http.post("/api/v1/incidents", TOKEN, concern("act-7"), Duration.ofMillis(300)))
			.isInstanceOf(HttpTimeoutException.class);
		this.cpoms.clearFault();
		Answer found = this.http.get("/api/v1/incidents?external_ref=act-7", TOKEN);
		assertThat(found.json()).hasSize(1);
	}

	@Test
	void connectionResetAfterCreateStillRecordsTheConcern() {
		this.cpoms.fault(MockFault.connectionReset(true));
		assertThatThrownBy(() -> this.http.post("/api/v1/incidents", TOKEN, concern("act-8")))
			.isInstanceOf(IOException.class);
		assertThat(this.cpoms.incidentsWithExternalRef("act-8")).hasSize(1);
	}

	@Test
	void serverErrorWithoutRecordingCreatesNothing() throws Exception {
		this.cpoms.fault(MockFault.serverError(500, false));
		assertThat(this.http.post("/api/v1/incidents", TOKEN, concern("act-1")).status()).isEqualTo(500);
		assertThat(this.cpoms.incidents()).isEmpty();
	}

	@Test
	void adminCallSwitchesA503ThatRecordsAnywayAndARateLimit() throws Exception {
		this.http.post("/_faults", null, Map.of("kind", "server-error", "status", 503, "recorded", true));
		assertThat(this.http.post("/api/v1/incidents", TOKEN, concern("act-1")).status()).isEqualTo(503);
		assertThat(this.cpoms.incidentsWithExternalRef("act-1")).hasSize(1);
		this.http.post("/_faults", null, Map.of("kind", "rate-limited", "retryAfter", 5));
		Answer limited = this.http.post("/api/v1/incidents", TOKEN, concern("act-2"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isEqualTo("5");
		assertThat(this.http.delete("/_faults").status()).isEqualTo(204);
		assertThat(this.http.post("/api/v1/incidents", TOKEN, concern("act-2")).status()).isEqualTo(201);
	}

	@Test
	void maintenancePageFaultCreatesNothing() throws Exception {
		this.cpoms.fault(MockFault.maintenancePage());
		Answer answer = this.http.post("/api/v1/incidents", TOKEN, concern("act-1"));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Content-Type")).startsWith("text/html");
		assertThat(answer.json().isMissingNode()).isTrue();
		assertThat(answer.body()).contains("maintenance");
		assertThat(this.cpoms.incidents()).isEmpty();
	}

	@Test
	void clearForgetsIncidents() throws Exception {
		this.http.post("/api/v1/incidents", TOKEN, concern("act-1"));
		this.cpoms.clear();
		assertThat(this.cpoms.incidents()).isEmpty();
	}

}
