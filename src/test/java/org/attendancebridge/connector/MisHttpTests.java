package org.attendancebridge.connector;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Retries, backoff and failures of MIS requests, against a real HTTP server. */
class MisHttpTests {

	private static final WireMockServer mis = new WireMockServer(options().dynamicPort());

	private static CamelContext camel;

	private static ProducerTemplate producer;

	private final List<Duration> waits = new ArrayList<>();

	private MisHttp http;

	@BeforeAll
	static void start() throws Exception {
		mis.start();
		camel = new DefaultCamelContext();
		camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
		// As the adapter does at start-up, before any thread polls.
		MisHttp.prepare(camel);
		camel.start();
		producer = camel.createProducerTemplate();
	}

	@AfterAll
	static void stop() {
		camel.stop();
		mis.stop();
	}

	@BeforeEach
	void reset() {
		mis.resetAll();
		ConnectorConfig school = new ConnectorConfig("school", "School", MisKind.ARBOR,
				java.net.URI.create(mis.baseUrl() + "/arbor/school/rest-v2/"), Map.of(), "st-johns-way",
				ZoneId.of("Europe/London"), PollSchedule.DEFAULTS, Map.of(), Map.of(), true, true, Path.of("x.yaml"));
		this.http = new MisHttp(producer, school, new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(30)),
				this.waits::add);
	}

	private static MisAuth basic() {
		return MisAuth.basic("api", "secret");
	}

	@Test
	void retriesA503UntilTheMisAnswers() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).inScenario("flaky")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("once"));
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).inScenario("flaky")
			.whenScenarioStateIs("once")
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("twice"));
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).inScenario("flaky")
			.whenScenarioStateIs("twice")
			.willReturn(okJson("{\"students\":[]}")));
		JsonNode body = this.http.getJson("students", "page-number=1", basic());
		assertThat(body.get("students").isArray()).isTrue();
		mis.verify(3,
				getRequestedFor(urlPathEqualTo("/arbor/school/rest-v2/students"))
					.withQueryParam("page-number", equalTo("1"))
					.withHeader("Authorization", equalTo("Basic YXBpOnNlY3JldA==")));
		assertThat(this.waits).hasSize(2).allSatisfy((w) -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(200)));
	}

	@Test
	void waitsAsLongAsRetryAfterSays() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).inScenario("limited")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
			.willSetStateTo("free"));
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).inScenario("limited")
			.whenScenarioStateIs("free")
			.willReturn(okJson("{\"students\":[]}")));
		this.http.getJson("students", null, basic());
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
	}

	@Test
	void anHtmlMaintenancePageIsRetriedThenNamed() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body>Down for maintenance</body></html>")));
		assertThatExceptionOfType(MisHttpException.class).isThrownBy(() -> this.http.getJson("students", null, basic()))
			.withMessage("school: GET students answered an HTML page instead of JSON (maintenance?) after 4 tries");
		mis.verify(4, getRequestedFor(urlPathEqualTo("/arbor/school/rest-v2/students")));
	}

	@Test
	void aResetConnectionIsRetriedThenNamed() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThatExceptionOfType(MisHttpException.class).isThrownBy(() -> this.http.getJson("students", null, basic()))
			.withMessageStartingWith("school: GET students got no answer after 4 tries");
		assertThat(this.waits).hasSize(3);
	}

	@Test
	void aClientErrorFailsAtOnceWithoutTheBody() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students/9"))
			.willReturn(aResponse().withStatus(404).withBody("{\"error\":\"no student Jane Doe\"}")));
		assertThatExceptionOfType(MisHttpException.class)
			.isThrownBy(() -> this.http.getJson("students/9", null, basic()))
			.withMessage("school: GET students/9 answered HTTP 404")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(404));
		assertThat(this.waits).isEmpty();
	}

	@Test
	void malformedJsonIsNamedWithoutQuotingIt() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students"))
			.willReturn(okJson("{\"students\":[{\"displayName\":\"Jane Doe\" \"id\":1}]}")));
		assertThatExceptionOfType(MisHttpException.class).isThrownBy(() -> this.http.getJson("students", null, basic()))
			.withMessageStartingWith("school: GET students answered malformed JSON at line 1")
			.withMessageNotContaining("Jane");
	}

	@Test
	void anExpiredSessionIsRenewedOnceAndTheRequestSentAgain() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).withHeader("Authorization", equalTo("s2"))
			.willReturn(okJson("{\"students\":[]}")));
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).withHeader("Authorization", equalTo("s1"))
			.willReturn(aResponse().withStatus(401)));
		AtomicInteger renewals = new AtomicInteger();
		MisAuth session = new MisAuth() {
			@Override
			public Map<String, String> headers() {
				return Map.of("Authorization", "s" + (renewals.get() + 1));
			}

			@Override
			public boolean renew() {
				renewals.incrementAndGet();
				return true;
			}
		};
		assertThat(this.http.getJson("students", null, session).has("students")).isTrue();
		assertThat(renewals).hasValue(1);
	}

	@Test
	void noCamelHeadersCrossToTheMis() {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).willReturn(okJson("{}")));
		this.http.getJson("students", null, basic());
		assertThat(mis.getAllServeEvents().get(0).getRequest().getHeaders().keys())
			.noneMatch((name) -> name.toLowerCase().startsWith("camel"));
	}

	/** A school whose MIS host name the test's own resolver answers for. */
	private MisHttp byName(String id, String baseUrl, boolean allowPrivate, InMemoryDnsResolver names) {
		ConnectorConfig school = new ConnectorConfig(id, id, MisKind.ARBOR, java.net.URI.create(baseUrl), Map.of(),
				"st-johns-way", ZoneId.of("Europe/London"), PollSchedule.DEFAULTS, Map.of(), Map.of(), true,
				allowPrivate, Path.of(id + ".yaml"));
		return new MisHttp(producer, school, new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(30)),
				this.waits::add, MisHttp.DEFAULT_CONNECT_TIMEOUT, MisHttp.DEFAULT_RESPONSE_TIMEOUT, names);
	}

	@Test
	void aHostThatResolvesToAPrivateAddressWhenConnectingIsRefusedNamingSchoolHostAndAddress() throws Exception {
		// The file's host name passed when it was read; now it answers with a loopback
		// address (DNS rebinding), where the mock happens to listen.
		InMemoryDnsResolver names = new InMemoryDnsResolver();
		names.add("mis.rebound.example", java.net.InetAddress.getByName("127.0.0.1"));
		MisHttp rebound = byName("rebound", "https://mis.rebound.example:" + mis.port() + "/arbor/school/rest-v2/",
				false, names);
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).willReturn(okJson("{\"students\":[]}")));

		assertThatExceptionOfType(MisHttpException.class).isThrownBy(() -> rebound.getJson("students", null, basic()))
			.withMessage("rebound: GET students not sent: 'mis.rebound.example' resolves to 127.0.0.1, a private, "
					+ "loopback or link-local address: not connected "
					+ "(allowPrivateNetwork: true in the connector file is for a local mock only)")
			.satisfies((ex) -> assertThat(ex.status()).isZero());
		assertThat(this.waits).as("not retried: it would only be refused again").isEmpty();
		assertThat(mis.getAllServeEvents()).as("nothing reached the address").isEmpty();
	}

	@Test
	void aMockAllowedOnThePrivateNetworkIsReachedThroughTheSameResolver() throws Exception {
		InMemoryDnsResolver names = new InMemoryDnsResolver();
		names.add("mis.mock.example", java.net.InetAddress.getByName("127.0.0.1"));
		MisHttp mock = byName("mock", "http://mis.mock.example:" + mis.port() + "/arbor/school/rest-v2/", true, names);
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students"))
			.willReturn(okJson("{\"students\":[{\"id\":12}]}")));

		assertThat(mock.getJson("students", null, basic()).path("students").get(0).path("id").asInt()).isEqualTo(12);
		mis.verify(1, getRequestedFor(urlPathEqualTo("/arbor/school/rest-v2/students")));
	}

	@Test
	void aHostTheResolverCannotFindIsRetriedAsAnyMissingAnswerIs() {
		MisHttp lost = byName("lost", "https://mis.lost.example:" + mis.port() + "/arbor/school/rest-v2/", false,
				new InMemoryDnsResolver());
		assertThatExceptionOfType(MisHttpException.class).isThrownBy(() -> lost.getJson("students", null, basic()))
			.withMessageStartingWith("lost: GET students got no answer after 4 tries: UnknownHostException");
		assertThat(this.waits).hasSize(3);
	}

	@Test
	void manyThreadsMakingTheirOwnHttpForOneSchoolAllGetAnswers() throws Exception {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).willReturn(okJson("{\"students\":[]}")));
		// Polls and writes each make their own MisHttp, on many threads at once: binding
		// the school's connections must not disturb another thread resolving them.
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
		try {
			List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				String id = "busy-" + (i % 4);
				answers.add(threads.submit(
						() -> new MisHttp(producer, schoolNamed(id), new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
								this.waits::add)
							.getJson("students", null, basic())));
			}
			for (java.util.concurrent.Future<JsonNode> answer : answers) {
				assertThat(answer.get().get("students").isArray()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		mis.verify(64, getRequestedFor(urlPathEqualTo("/arbor/school/rest-v2/students")));
	}

	@Test
	void manySchoolsFirstUsesAtOnceAllGetAnswers() throws Exception {
		mis.stubFor(get(urlPathEqualTo("/arbor/school/rest-v2/students")).willReturn(okJson("{\"students\":[]}")));
		// The first poll of every school at start-up: each binds its own connections
		// while other threads resolve theirs.
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
		try {
			java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String id = "first-" + i;
				answers.add(threads.submit(() -> {
					ready.await();
					return new MisHttp(producer, schoolNamed(id), new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
							this.waits::add)
						.getJson("students", null, basic());
				}));
			}
			ready.countDown();
			for (java.util.concurrent.Future<JsonNode> answer : answers) {
				assertThat(answer.get().get("students").isArray()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		mis.verify(200, getRequestedFor(urlPathEqualTo("/arbor/school/rest-v2/students")));
	}

	private static ConnectorConfig schoolNamed(String id) {
		return new ConnectorConfig(id, "School", MisKind.ARBOR,
				java.net.URI.create(mis.baseUrl() + "/arbor/school/rest-v2/"), Map.of(), "st-johns-way",
				ZoneId.of("Europe/London"), PollSchedule.DEFAULTS, Map.of(), Map.of(), true, true, Path.of("x.yaml"));
	}

}
