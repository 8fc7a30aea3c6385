package org.attendancebridge.cli;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLException;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;

import org.attendancebridge.action.cpoms.CpomsSettings;
import org.attendancebridge.action.cpoms.CpomsSignInCheck;
import org.attendancebridge.action.sms.NotifySignInCheck;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorLoader;
import org.attendancebridge.connector.Credentials;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.RetryPolicy;
import org.attendancebridge.connector.SignInCheck;
import org.attendancebridge.connector.Sleeper;
import org.attendancebridge.connector.arbor.ArborSignInCheck;
import org.attendancebridge.connector.classcharts.ClassChartsSignInCheck;
import org.attendancebridge.connector.sims.SimsSignInCheck;
import org.attendancebridge.connector.wonde.WondeSignInCheck;
import org.attendancebridge.network.AddressRefused;
import org.attendancebridge.network.PrivateAddresses;
import org.attendancebridge.network.PrivateNetworkSetting;
import uk.gov.service.notify.TimedNotificationClient;

/**
 * {@code validate --online}: whether each school's MIS, CPOMS and the SMS gateway can be
 * reached from this machine and take the credentials the environment holds, signing in as
 * the adapter does. Each check is one try with short timeouts, and reads no pupil data. A
 * MIS address that resolves into a private network is refused unless its connector file
 * allows it, as the connector loader refuses a private literal address. Secrets are never
 * printed: a refusal names the variables to check.
 */
final class OnlineChecks {

	/** How long a connection may take to open. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** How long an answer may take once the request has left. */
	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private static final int THREADS = 8;

	/** The setting that lets CPOMS be at a private address or on plain http. */
	private static final String CPOMS_ALLOW_PRIVATE = "CPOMS_ALLOW_PRIVATE_NETWORK";

	private static final Map<MisKind, SignInCheck> CHECKS = Map.of(MisKind.ARBOR, new ArborSignInCheck(), MisKind.SIMS,
			new SimsSignInCheck(), MisKind.CLASSCHARTS, new ClassChartsSignInCheck(), MisKind.WONDE,
			new WondeSignInCheck());

	/** Finds a host's addresses: the system's resolver, or a fixed table in tests. */
	interface Resolver {

		Resolver SYSTEM = InetAddress::getAllByName;

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * One line of the table.
	 *
	 * @param reachable {@code yes}, {@code no} or {@code -} (not tried)
	 * @param authenticated {@code yes}, {@code no} or {@code -} (not tried)
	 * @param failed whether the check counts as failed (a system not configured does not)
	 */
	record Row(String school, String system, String address, String reachable, String authenticated, String detail,
			boolean failed) {
	}

	private final UnaryOperator<String> variables;

	private final Resolver resolver;

	private final Clock clock;

	/**
	 * @param variables looks up an environment variable by name, null when unset
	 */
	OnlineChecks(UnaryOperator<String> variables, Resolver resolver, Clock clock) {
		this.variables = variables;
		this.resolver = resolver;
		this.clock = clock;
	}

	/** Every school's MIS, then CPOMS and the SMS gateway, in that order. */
	List<Row> run(List<ConnectorConfig> schools) {
		DefaultCamelContext camel = new DefaultCamelContext();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			// Camel's redelivery is the only retry layer, as in the adapter; here, one
			// try.
			for (String scheme : List.of("http", "https")) {
				camel.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
			}
			camel.start();
			ProducerTemplate producer = camel.createProducerTemplate();
			List<Future<Row>> rows = new ArrayList<>();
			for (ConnectorConfig school : schools) {
				rows.add(pool.submit(() -> mis(producer, school)));
			}
			rows.add(pool.submit(this::cpoms));
			rows.add(pool.submit(this::gateway));
			List<Row> done = new ArrayList<>();
			for (Future<Row> row : rows) {
				done.add(row.get());
			}
			return done;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("validate --online was interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(String.valueOf(ex.getCause().getMessage()), ex.getCause());
		}
		finally {
			pool.shutdownNow();
			camel.stop();
		}
	}

	private Row mis(ProducerTemplate producer, ConnectorConfig school) {
		String system = school.mis().id();
		String address = shown(school.baseUrl());
		if (!school.enabled()) {
			return new Row(school.id(), system, address, "-", "-", "not checked: enabled: false in its file", false);
		}
		String privateAddress;
		try {
			privateAddress = privateAddress(school.baseUrl().getHost());
		}
		catch (UnknownHostException ex) {
			return new Row(school.id(), system, address, "no", "-", hostNotFound(school.baseUrl()), true);
		}
		if (privateAddress != null && !school.allowPrivateNetwork()) {
			return new Row(school.id(), system, address, "no", "-",
					"address is private (" + privateAddress + "): refused; a school's MIS is reached over the internet "
							+ "(allowPrivateNetwork: true is for a local mock only)",
					true);
		}
		MisHttp http = new MisHttp(producer, school, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Sleeper.REAL,
				CONNECT_TIMEOUT, ANSWER_TIMEOUT);
		List<String> unset = school.credentials()
			.values()
			.stream()
			.filter((variable) -> blank(this.variables.apply(variable)))
			.toList();
		try {
			if (!unset.isEmpty()) {
				// Not signed in, but whether anything answers there is still worth
				// knowing.
				http.send("GET", "", null, null, null, MisAuth.fixed(Map.of()));
				return new Row(school.id(), system, address, "yes", "-",
						"not signed in: " + String.join(", ", unset) + " not set", true);
			}
			SignInCheck.Result result = CHECKS.get(school.mis())
				.check(http, school, new Credentials(this.variables), this.clock);
			return new Row(school.id(), system, address, "yes", yesNo(result.authenticated()), result.detail(),
					!result.authenticated());
		}
		catch (MisHttpException ex) {
			if (ex.status() == 0) {
				return new Row(school.id(), system, address, "no", "-", noAnswer(ex), true);
			}
			return new Row(school.id(), system, address, "yes", "-", "HTTP " + ex.status() + ": " + ex.getMessage(),
					true);
		}
		catch (RuntimeException ex) {
			return new Row(school.id(), system, address, "yes", "-", String.valueOf(ex.getMessage()), true);
		}
	}

	private Row cpoms() {
		String system = "cpoms";
		CpomsSettings settings;
		try {
			settings = CpomsSettings.of(this.variables.apply("CPOMS_BASE_URL"), this.variables.apply("CPOMS_API_TOKEN"),
					null, String.valueOf(ANSWER_TIMEOUT.toSeconds()), this.variables.apply(CPOMS_ALLOW_PRIVATE));
		}
		catch (IllegalArgumentException ex) {
			return new Row("all", system, "-", "-", "-", ex.getMessage(), true);
		}
		if (settings.baseUrl() == null) {
			return new Row("all", system, "-", "-", "-", "not configured: CPOMS_BASE_URL is not set (concerns fail)",
					false);
		}
		URI url = httpUrl(settings.baseUrl());
		if (url == null) {
			return notAUrl(system, "CPOMS_BASE_URL", settings.baseUrl());
		}
		if (!settings.configured()) {
			return new Row("all", system, shown(url), "-", "-", "not signed in: CPOMS_API_TOKEN not set", true);
		}
		return service(system, url, CPOMS_ALLOW_PRIVATE, settings.allowPrivateNetwork(),
				() -> CpomsSignInCheck.check(settings));
	}

	private Row gateway() {
		String system = "sms-gateway";
		String key = this.variables.apply("NOTIFY_API_KEY");
		String base = Optional.ofNullable(this.variables.apply("NOTIFY_BASE_URL"))
			.orElse("https://api.notifications.service.gov.uk");
		URI url = httpUrl(base);
		if (url == null) {
			return notAUrl(system, "NOTIFY_BASE_URL", base);
		}
		if (blank(key)) {
			return new Row("all", system, shown(url), "-", "-",
					"not configured: NOTIFY_API_KEY is not set (no text is sent)", false);
		}
		boolean allowPrivate;
		try {
			allowPrivate = PrivateNetworkSetting.parse(TimedNotificationClient.ALLOW_PRIVATE,
					this.variables.apply(TimedNotificationClient.ALLOW_PRIVATE));
		}
		catch (IllegalArgumentException ex) {
			return new Row("all", system, shown(url), "-", "-", ex.getMessage(), true);
		}
		return service(system, url, TimedNotificationClient.ALLOW_PRIVATE, allowPrivate,
				() -> NotifySignInCheck.check(key, base, ANSWER_TIMEOUT, allowPrivate));
	}

	/** A check of a service the adapter's settings name. */
	private interface ServiceCheck {

		SignInCheck.Result run() throws Exception;

	}

	/**
	 * CPOMS or the gateway: a private or plain-http address is refused, as the adapter
	 * refuses it when connecting, unless the service's own setting allows it; then it is
	 * tried and named in a warning (a local mock uses one).
	 */
	private Row service(String system, URI url, String allowedBy, boolean allowPrivate, ServiceCheck check) {
		String address = shown(url);
		List<String> warnings = new ArrayList<>();
		try {
			String privateAddress = privateAddress(url.getHost());
			if (privateAddress != null) {
				warnings.add("private address " + privateAddress);
			}
		}
		catch (UnknownHostException ex) {
			return new Row("all", system, address, "no", "-", hostNotFound(url), true);
		}
		if (!"https".equals(url.getScheme())) {
			warnings.add("plain http");
		}
		if (!allowPrivate && !warnings.isEmpty()) {
			return new Row("all", system, address, "no", "-",
					String.join(", ", warnings) + ": refused (" + allowedBy + "=true is for a local mock only)", true);
		}
		String warning = warnings.isEmpty() ? null
				: "warning: " + String.join(", ", warnings) + ": fine for a local mock only";
		try {
			SignInCheck.Result result = check.run();
			String detail = result.detail() + ((warning == null) ? "" : " (" + warning + ")");
			return new Row("all", system, address, "yes", yesNo(result.authenticated()), detail,
					!result.authenticated());
		}
		catch (IllegalArgumentException ex) {
			return new Row("all", system, address, "-", "-", ex.getMessage(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Row("all", system, address, "no", "-", "interrupted", true);
		}
		catch (Exception ex) {
			return new Row("all", system, address, "no", "-", noAnswer(ex), true);
		}
	}

	/**
	 * Resolves the host, as the connector loader's guard would read a literal address:
	 * the first private, loopback or link-local address it has, or null if none.
	 */
	private String privateAddress(String host) throws UnknownHostException {
		for (InetAddress address : this.resolver.resolve(host)) {
			if (PrivateAddresses.isPrivate(address)) {
				return address.getHostAddress();
			}
		}
		return null;
	}

	/** An http(s) URL with a host, or null. */
	private static URI httpUrl(String text) {
		try {
			URI url = new URI(text);
			boolean http = "https".equals(url.getScheme()) || "http".equals(url.getScheme());
			return (http && url.getHost() != null) ? url : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static Row notAUrl(String system, String variable, String value) {
		return new Row("all", system, "-", "-", "-",
				variable + " is not an http(s) URL with a host: '" + value.replaceAll("//[^/@]*@", "//...@") + "'",
				true);
	}

	private static String hostNotFound(URI url) {
		return "host not found: " + url.getHost() + " (check the address and this machine's DNS)";
	}

	/** Why a request got no answer, in words a technician can act on. */
	static String noAnswer(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof SSLException) {
				return "TLS error: " + t.getMessage()
						+ " (is the address https, and is its certificate trusted by this machine's Java?)";
			}
			if (t instanceof AddressRefused refused) {
				return refused.reason();
			}
			if (t instanceof UnknownHostException) {
				return "host not found: " + t.getMessage();
			}
			if (t.getClass().getSimpleName().contains("ConnectTimeout")) {
				return "no connection within " + CONNECT_TIMEOUT.toSeconds()
						+ " s (a firewall dropping it, or the wrong address?)";
			}
			if (t instanceof InterruptedIOException || t instanceof HttpTimeoutException) {
				return "connected, but no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
			}
			if (t instanceof NoRouteToHostException) {
				return "no route to host (network or firewall)";
			}
			if (t instanceof ConnectException) {
				return "connection refused (nothing listens at that address and port: the wrong port, or the service down?)";
			}
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return "no answer: " + root.getClass().getSimpleName()
				+ ((root.getMessage() == null) ? "" : ": " + root.getMessage());
	}

	/** An address as people read it: no user, no query (they may hold secrets). */
	private static String shown(URI url) {
		return url.getScheme() + "://" + url.getHost() + ((url.getPort() < 0) ? "" : ":" + url.getPort())
				+ ((url.getPath() == null) ? "" : url.getPath());
	}

	private static String yesNo(boolean value) {
		return value ? "yes" : "no";
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
