package org.attendancebridge.connector;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.network.AddressGuard;
import org.attendancebridge.network.AddressRefused;
import org.attendancebridge.network.GuardedDnsResolver;

/**
 * JSON over HTTP to one school's MIS, through Camel's http component. Retries what is
 * worth retrying (429 with its {@code Retry-After}, 500/502/503/504, a reset or timed-out
 * connection, an HTML maintenance page served as 200) with backoff and jitter; anything
 * else fails at once with the school, path and status. The endpoint is the connector
 * file's base URL; paths and queries are set as headers, never built into an endpoint URI
 * from data the MIS sent. Every connection is looked up through a
 * {@link GuardedDnsResolver}: a host that resolves to a private, loopback or link-local
 * address is refused as the connection is made, unless the connector file sets
 * {@code allowPrivateNetwork: true}.
 */
public final class MisHttp {

	private static final Logger log = LoggerFactory.getLogger(MisHttp.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** How long a MIS may take to answer one request. */
	public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	/** How long a connection to a MIS may take to open. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final ProducerTemplate camel;

	private final String school;

	private final String endpoint;

	private final RetryPolicy retry;

	private final Sleeper sleeper;

	public MisHttp(ProducerTemplate camel, ConnectorConfig school, RetryPolicy retry, Sleeper sleeper) {
		this(camel, school, retry, sleeper, DEFAULT_RESPONSE_TIMEOUT);
	}

	/**
	 * @param responseTimeout how long to wait for an answer before the try counts as lost
	 * (and is retried)
	 */
	public MisHttp(ProducerTemplate camel, ConnectorConfig school, RetryPolicy retry, Sleeper sleeper,
			Duration responseTimeout) {
		this(camel, school, retry, sleeper, DEFAULT_CONNECT_TIMEOUT, responseTimeout);
	}

	/**
	 * @param connectTimeout how long to wait for the connection to open
	 * @param responseTimeout how long to wait for an answer before the try counts as lost
	 */
	public MisHttp(ProducerTemplate camel, ConnectorConfig school, RetryPolicy retry, Sleeper sleeper,
			Duration connectTimeout, Duration responseTimeout) {
		this(camel, school, retry, sleeper, connectTimeout, responseTimeout, SystemDefaultDnsResolver.INSTANCE);
	}

	/**
	 * @param names where host names are looked up before each address is checked (the
	 * system's resolver, or a test's)
	 */
	public MisHttp(ProducerTemplate camel, ConnectorConfig school, RetryPolicy retry, Sleeper sleeper,
			Duration connectTimeout, Duration responseTimeout, DnsResolver names) {
		this.camel = camel;
		this.school = school.id();
		URI base = school.baseUrl();
		this.endpoint = base + "?throwExceptionOnFailure=false&followRedirects=false&connectTimeout="
				+ connectTimeout.toMillis() + "&responseTimeout=" + responseTimeout.toMillis()
				+ "&httpClientConfigurer=#" + guardedConnections(camel, school, names, connectTimeout, responseTimeout);
		this.retry = retry;
		this.sleeper = sleeper;
	}

	/**
	 * Joins the guarded connections to the context's registry: done once at start-up,
	 * before any thread polls, so no poll changes the registry while Camel reads it.
	 */
	public static void prepare(CamelContext camel) {
		GuardedConnections.of(camel);
	}

	/**
	 * Binds, for the school's endpoint, connections looked up through the guard, and
	 * returns the name it is bound under (part of the endpoint's URI, so schools that
	 * share a base URL never share a guard).
	 */
	private static String guardedConnections(ProducerTemplate camel, ConnectorConfig school, DnsResolver names,
			Duration connectTimeout, Duration responseTimeout) {
		AddressGuard guard = new AddressGuard(school.id(), school.allowPrivateNetwork(),
				"allowPrivateNetwork: true in the connector file");
		GuardedDnsResolver resolver = new GuardedDnsResolver(guard, names);
		String name = "misAddressGuard-" + school.id().replaceAll("[^A-Za-z0-9-]", "_")
				+ (school.allowPrivateNetwork() ? "-private" : "");
		HttpClientConfigurer configurer = (client) -> client
			.setConnectionManager(resolver.connections(connectTimeout, responseTimeout));
		GuardedConnections.of(camel.getCamelContext()).bindOnce(name, configurer);
		return name;
	}

	/** A response: status, body, and the headers a connector may need. */
	public record Response(int status, String body, String contentType, Duration retryAfter) {

		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

	/** GET a path below the base URL, with a query; the body parsed as JSON. */
	public JsonNode getJson(String path, String query, MisAuth auth) {
		return json("GET", path, send("GET", path, query, null, null, auth));
	}

	/** POST a JSON body; the response parsed as JSON. */
	public JsonNode postJson(String path, Object body, MisAuth auth) {
		return json("POST", path, send("POST", path, null, write(body), "application/json", auth));
	}

	/**
	 * POST a JSON body and return the response whatever its status: for writes, whose
	 * refusals a connector reads from the MIS's own error body.
	 */
	public Response post(String path, Object body, MisAuth auth) {
		return send("POST", path, null, write(body), "application/json", auth);
	}

	/** POST a form (token endpoints); no auth headers but those given. */
	public JsonNode postForm(String path, String form, MisAuth auth) {
		return json("POST", path, send("POST", path, null, form, "application/x-www-form-urlencoded", auth));
	}

	/**
	 * Sends with retries and returns the last response, whatever its status, when it is
	 * not worth retrying; a request that never got an answer fails. A 401 renews the
	 * token or session once, when the auth can.
	 */
	public Response send(String method, String path, String query, String body, String contentType, MisAuth auth) {
		boolean renewed = false;
		for (int attempt = 1;; attempt++) {
			// Outside the retries: a sign-in that fails has had retries of its own, and
			// retrying it here again would multiply them.
			Map<String, String> headers = auth.headers();
			Response response;
			try {
				response = once(method, path, query, body, contentType, headers);
			}
			catch (RuntimeException ex) {
				AddressRefused refused = AddressRefused.in(ex);
				if (refused != null) {
					// Not a passing fault: trying again would only be refused again.
					throw new MisHttpException(
							this.school + ": " + method + " " + path + " not sent: " + refused.reason(), 0, refused);
				}
				if (attempt >= this.retry.attempts()) {
					throw new MisHttpException(this.school + ": " + method + " " + path + " got no answer after "
							+ attempt + " tries: " + rootMessage(ex), 0, ex);
				}
				pause(attempt, null, method, path, "no answer: " + rootMessage(ex));
				continue;
			}
			if (response.status() == 401 && !renewed && auth.renew()) {
				renewed = true;
				log.info("{}: {} {} answered 401; renewed the session and trying again", this.school, method, path);
				attempt--;
				continue;
			}
			boolean maintenancePage = response.ok() && response.contentType() != null
					&& response.contentType().contains("text/html");
			boolean transientStatus = response.status() == 429
					|| (response.status() >= 500 && response.status() != 501 && response.status() != 505);
			if (!(maintenancePage || transientStatus)) {
				return response;
			}
			String what = maintenancePage ? "an HTML page instead of JSON (maintenance?)" : "HTTP " + response.status();
			if (attempt >= this.retry.attempts()) {
				throw new MisHttpException(
						this.school + ": " + method + " " + path + " answered " + what + " after " + attempt + " tries",
						response.status(), null);
			}
			pause(attempt, response.retryAfter(), method, path, what);
		}
	}

	private void pause(int attempt, Duration retryAfter, String method, String path, String why) {
		Duration wait = this.retry.backoff(attempt + 1, retryAfter, ThreadLocalRandom.current());
		log.warn("{}: {} {} {}; try {} of {} in {} ms", this.school, method, path, why, attempt + 1,
				this.retry.attempts(), wait.toMillis());
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MisHttpException(this.school + ": interrupted while waiting to retry " + path, 0, ex);
		}
	}

	private Response once(String method, String path, String query, String body, String contentType,
			Map<String, String> headers) {
		Exchange exchange = this.camel.send(this.endpoint, (ex) -> {
			// Only our own headers cross the boundary: nothing inbound, no Camel*
			// leftovers.
			ex.getIn().getHeaders().clear();
			ex.getIn().setHeader(Exchange.HTTP_METHOD, method);
			ex.getIn().setHeader(Exchange.HTTP_PATH, path);
			if (query != null) {
				ex.getIn().setHeader(Exchange.HTTP_QUERY, query);
			}
			if (contentType != null) {
				ex.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
			}
			headers.forEach((name, value) -> ex.getIn().setHeader(name, value));
			ex.getIn().setHeader("Accept", "application/json");
			ex.getIn().setBody(body);
		});
		if (exchange.getException() != null) {
			throw new IllegalStateException(exchange.getException().getMessage(), exchange.getException());
		}
		int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
		String text = exchange.getMessage().getBody(String.class);
		String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
		return new Response(status, (text == null) ? "" : text, type,
				retryAfter(exchange.getMessage().getHeader("Retry-After", String.class)));
	}

	/**
	 * The body as JSON; an error status fails (its body stays out: it may name pupils).
	 */
	public JsonNode json(String method, String path, Response response) {
		if (!response.ok()) {
			throw new MisHttpException(this.school + ": " + method + " " + path + " answered HTTP " + response.status(),
					response.status(), null);
		}
		try {
			return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8));
		}
		catch (JsonProcessingException ex) {
			// The location only: the parser's message quotes the content, which may name
			// pupils.
			String where = (ex.getLocation() == null) ? ""
					: " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
			throw new MisHttpException(this.school + ": " + method + " " + path + " answered malformed JSON" + where,
					response.status(), null);
		}
		catch (IOException ex) {
			throw new MisHttpException(this.school + ": " + method + " " + path + " could not be read",
					response.status(), ex);
		}
	}

	private static String write(Object body) {
		try {
			return (body instanceof String text) ? text : JSON.writeValueAsString(body);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot write a request body", ex);
		}
	}

	/** {@code Retry-After} in seconds (the HTTP-date form counts as one minute). */
	static Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(60);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() == null) ? "" : ": " + root.getMessage());
	}

}
