package org.attendancebridge.action.cpoms;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import org.attendancebridge.network.AddressGuard;
import org.attendancebridge.network.GuardedDnsResolver;

/**
 * CPOMS's HTTP API ({@code /api/v1}, token auth): categories, creating an incident and
 * finding one by our external marker. Answers are returned as they came; deciding what
 * they mean is the channel's business. Nothing is retried or redirected here, and every
 * connection is looked up through a {@link GuardedDnsResolver}: a private address (or
 * plain http) is refused unless {@code CPOMS_ALLOW_PRIVATE_NETWORK} is true.
 */
final class CpomsClient implements AutoCloseable {

	/** One answer: its status and its body read as JSON (null if it was not JSON). */
	record Answer(int status, JsonNode json, String retryAfter) {
	}

	/** The setting that lets CPOMS be reached at a private address or over plain http. */
	static final String ALLOW_PRIVATE = "CPOMS_ALLOW_PRIVATE_NETWORK";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final CpomsSettings settings;

	private final AddressGuard guard;

	private final CloseableHttpClient http;

	CpomsClient(CpomsSettings settings) {
		this(settings, SystemDefaultDnsResolver.INSTANCE);
	}

	/**
	 * @param names where host names are looked up before each address is checked
	 */
	CpomsClient(CpomsSettings settings, DnsResolver names) {
		this.settings = settings;
		this.guard = new AddressGuard("CPOMS", settings.allowPrivateNetwork(), ALLOW_PRIVATE + "=true");
		this.http = HttpClients.custom()
			.setConnectionManager(new GuardedDnsResolver(this.guard, names).connections(settings.timeout()))
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(settings.timeout())).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.build();
	}

	/** A deadline for one delivery's requests, the timeout from now. */
	CpomsDeadline deadline() {
		return new CpomsDeadline(this.settings.timeout());
	}

	Answer categories(CpomsDeadline until) throws IOException {
		return until.send(request(new HttpGet(url("/api/v1/categories"))), this.http, CpomsClient::answer);
	}

	Answer create(Map<String, Object> incident, CpomsDeadline until) throws IOException {
		HttpPost post = new HttpPost(url("/api/v1/incidents"));
		post.setEntity(
				until.watched(new StringEntity(JSON.writeValueAsString(incident), ContentType.APPLICATION_JSON)));
		return until.send(request(post), this.http, CpomsClient::answer);
	}

	Answer findByExternalRef(String reference, CpomsDeadline until) throws IOException {
		return until.send(
				request(new HttpGet(
						url("/api/v1/incidents?external_ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8)))),
				this.http, CpomsClient::answer);
	}

	private String url(String path) throws IOException {
		String url = this.settings.baseUrl() + path;
		this.guard.checkScheme(url);
		return url;
	}

	private HttpUriRequestBase request(HttpUriRequestBase request) {
		request.setHeader("Accept", "application/json");
		request.setHeader("Authorization", "Token " + this.settings.apiToken());
		return request;
	}

	private static Answer answer(ClassicHttpResponse response) throws IOException {
		String body;
		try {
			body = (response.getEntity() == null) ? ""
					: EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
		}
		catch (org.apache.hc.core5.http.ParseException ex) {
			body = "";
		}
		JsonNode json = null;
		Header type = response.getFirstHeader("Content-Type");
		if (type != null && type.getValue().contains("json")) {
			try {
				json = JSON.readTree(body);
			}
			catch (JsonProcessingException ex) {
				json = null;
			}
		}
		Header retryAfter = response.getFirstHeader("Retry-After");
		return new Answer(response.getCode(), json, (retryAfter == null) ? null : retryAfter.getValue());
	}

	@Override
	public void close() throws IOException {
		this.http.close();
	}

	static Map<String, Object> incident(String upn, Iterable<Integer> categories, String text, String occurredAt,
			Iterable<Integer> alert, String reference) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("student_upn", upn);
		body.put("category_ids", categories);
		body.put("incident_text", text);
		body.put("occurred_at", occurredAt);
		body.put("alert_user_ids", alert);
		body.put("external_ref", reference);
		return body;
	}

}
