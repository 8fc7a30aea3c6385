package org.attendancebridge.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.TimedNotificationClient;

import org.attendancebridge.mock.MockCredentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Addresses checked as connections are made: a name answered with a private, loopback,
 * link-local or metadata address is refused naming the system, the host and the address;
 * a public one passes; a mock's switch lets private ones through. No connection leaves
 * this machine: the answers are the test's own, and nothing is connected to them.
 */
class GuardedConnectionsTests {

	private static final AddressGuard REFUSING = new AddressGuard("st-johns", false, "allowPrivateNetwork: true");

	private static GuardedDnsResolver answering(AddressGuard guard, String host, String... addresses)
			throws UnknownHostException {
		InMemoryDnsResolver names = new InMemoryDnsResolver();
		InetAddress[] resolved = new InetAddress[addresses.length];
		for (int i = 0; i < addresses.length; i++) {
			resolved[i] = InetAddress.getByName(addresses[i]);
		}
		names.add(host, resolved);
		return new GuardedDnsResolver(guard, names);
	}

	@Test
	void theCloudMetadataAddressIsRefusedNamingSystemHostAndAddress() throws Exception {
		GuardedDnsResolver resolver = answering(REFUSING, "mis.example.org", "169.254.169.254");
		assertThatExceptionOfType(AddressRefused.class).isThrownBy(() -> resolver.resolve("mis.example.org"))
			.withMessage("st-johns: 'mis.example.org' resolves to 169.254.169.254, a private, loopback or "
					+ "link-local address: not connected (allowPrivateNetwork: true is for a local mock only)");
	}

	@Test
	void privateLoopbackAndUniqueLocalAnswersAreRefusedEvenBesideAPublicOne() throws Exception {
		for (String address : new String[] { "10.1.2.3", "192.168.0.7", "172.16.9.9", "127.0.0.1", "100.64.0.1",
				"fd00::1", "::ffff:10.0.0.1", "0.0.0.0" }) {
			GuardedDnsResolver resolver = answering(REFUSING, "mis.example.org", "81.2.69.142", address);
			assertThatExceptionOfType(AddressRefused.class).as(address)
				.isThrownBy(() -> resolver.resolve("mis.example.org"))
				.withMessageContaining("'mis.example.org' resolves to ");
		}
	}

	@Test
	void aPublicAnswerPassesAndAMocksSwitchLetsAPrivateOneThrough() throws Exception {
		assertThat(answering(REFUSING, "mis.example.org", "81.2.69.142").resolve("mis.example.org"))
			.containsExactly(InetAddress.getByName("81.2.69.142"));
		AddressGuard mock = new AddressGuard("demo", true, "allowPrivateNetwork: true");
		assertThat(answering(mock, "mis.mock.example", "127.0.0.1").resolve("mis.mock.example"))
			.containsExactly(InetAddress.getByName("127.0.0.1"));
		mock.checkScheme("http://127.0.0.1:8080/");
	}

	@Test
	void plainHttpIsRefusedWhereNoGuardCouldSeeTheConnection() {
		assertThatExceptionOfType(AddressRefused.class)
			.isThrownBy(() -> REFUSING.checkScheme("http://mis.example.org/"))
			.withMessage("st-johns: 'http://mis.example.org/' is not https: pupil data only travels encrypted "
					+ "(allowPrivateNetwork: true is for a local mock only)");
	}

	@Test
	void theSmsGatewayOnALoopbackNameIsRefusedBeforeItsSocketConnects() throws IOException {
		try (ServerSocket gateway = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			TimedNotificationClient client = new TimedNotificationClient(
					"test-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY,
					"https://localhost:" + gateway.getLocalPort(), Duration.ofSeconds(2), false);

			NotificationClientException refused = org.junit.jupiter.api.Assertions.assertThrows(
					NotificationClientException.class, () -> client.getNotifications(null, "sms", "ab-1", null));
			assertThat(AddressRefused.in(refused)).isNotNull()
				.extracting(Throwable::getMessage)
				.asString()
				.matches("the SMS gateway: 'localhost' resolves to (127\\.0\\.0\\.1|0:0:0:0:0:0:0:1), a private, "
						+ "loopback or link-local address: not connected "
						+ "\\(NOTIFY_ALLOW_PRIVATE_NETWORK=true is for a local mock only\\)");

			gateway.setSoTimeout(200);
			assertThatExceptionOfType(SocketTimeoutException.class).as("no connection arrived")
				.isThrownBy(gateway::accept);
		}
	}

	@Test
	void theSmsGatewayOnPlainHttpIsRefusedUnlessAllowed() {
		TimedNotificationClient client = new TimedNotificationClient(
				"test-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY,
				"http://127.0.0.1:9", Duration.ofSeconds(2), false);
		NotificationClientException refused = org.junit.jupiter.api.Assertions
			.assertThrows(NotificationClientException.class, () -> client.getNotifications(null, "sms", "ab-1", null));
		assertThat(AddressRefused.in(refused)).isNotNull()
			.extracting(AddressRefused::reason)
			.asString()
			.startsWith("'http://127.0.0.1:9/v2/notifications");
	}

	@Test
	void anAllowedTlsConnectionIsLayeredOverTheCheckedSocketAndAnswers() throws Exception {
		WireMockServer tls = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort());
		tls.start();
		try {
			tls.stubFor(get("/v2/ping").willReturn(ok("pong")));
			// The mock's own certificate: trusted here, for this connection only.
			SSLContext trusting = SSLContext.getInstance("TLS");
			trusting.init(null, new TrustManager[] { new TrustingManager() }, null);
			HttpsURLConnection allowed = open(tls.httpsPort(),
					new GuardedTlsSockets(trusting.getSocketFactory(), new AddressGuard("a mock", true, "x")));
			assertThat(allowed.getResponseCode()).isEqualTo(200);
			assertThat(new String(allowed.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo("pong");

			HttpsURLConnection refused = open(tls.httpsPort(),
					new GuardedTlsSockets(trusting.getSocketFactory(), REFUSING));
			assertThatExceptionOfType(AddressRefused.class).isThrownBy(refused::getResponseCode);
			tls.verify(1, getRequestedFor(urlEqualTo("/v2/ping")));
		}
		finally {
			tls.stop();
		}
	}

	@Test
	void aTextWhoseAnswerTricklesInOverTlsIsCutAtItsDeadlineByClosingTheSocket() throws Exception {
		WireMockServer tls = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort());
		tls.start();
		try {
			String answer = notifySendAnswer();
			// A byte every fifth of a second: no read waits long, only the deadline cuts.
			tls.stubFor(post("/v2/notifications/sms").willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withHeader("Content-Length", String.valueOf(answer.getBytes(StandardCharsets.UTF_8).length))
				.withBody(answer)
				.withChunkedDribbleDelay(TRICKLE_CHUNKS, (int) TRICKLE.toMillis())));
			SSLContext trusting = SSLContext.getInstance("TLS");
			trusting.init(null, new TrustManager[] { new TrustingManager() }, null);
			RecordingSockets sockets = new RecordingSockets(trusting.getSocketFactory());
			TimedNotificationClient client = clientTrusting(trusting, sockets, "https://localhost:" + tls.httpsPort());

			long started = System.nanoTime();
			Cut cut = org.junit.jupiter.api.Assertions.assertThrows(Cut.class, () -> client.within(() -> send(client)));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(cut.getCause()).isInstanceOf(NotificationClientException.class)
				.hasCauseInstanceOf(IOException.class);
			assertThat(took).as("ended before the body completed").isLessThan(TRICKLE.dividedBy(2));
			tls.verify(1, postRequestedFor(urlEqualTo("/v2/notifications/sms")));
			assertThat(sockets.made).isNotEmpty().allSatisfy((socket) -> assertThat(socket.isClosed()).isTrue());
		}
		finally {
			tls.stop();
		}
	}

	/** How long the trickling answer takes in all, and the pieces it comes in. */
	private static final Duration TRICKLE = Duration.ofSeconds(40);

	private static final int TRICKLE_CHUNKS = 200;

	private static Object send(TimedNotificationClient client) {
		try {
			return client.sendSms("f33517ff-2a88-4f6e-b855-c550268ce08a", "07700900123", Map.of("body", "hello"),
					"ab-1");
		}
		catch (NotificationClientException ex) {
			throw new Cut(ex);
		}
	}

	/**
	 * A client whose TLS sockets come from {@code sockets}: as it is made the client sets
	 * the default factory from the default context and takes it, so the default context
	 * is swapped for that moment only.
	 */
	private static TimedNotificationClient clientTrusting(SSLContext trusting, SSLSocketFactory sockets, String baseUrl)
			throws Exception {
		SSLContext before = SSLContext.getDefault();
		SSLContext.setDefault(
				new SSLContext(new SocketsOnly(trusting, sockets), trusting.getProvider(), trusting.getProtocol()) {
				});
		try {
			TimedNotificationClient client = new TimedNotificationClient(
					"test-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY, baseUrl,
					Duration.ofSeconds(2), true);
			return client;
		}
		finally {
			SSLContext.setDefault(before);
			HttpsURLConnection.setDefaultSSLSocketFactory(before.getSocketFactory());
		}
	}

	/** A send's answer as Notify gives it, its text long enough to trickle in. */
	private static String notifySendAnswer() {
		String text = "x".repeat(600);
		return "{\"id\":\"740e5834-3a29-46b4-9a6f-16142fde533a\",\"reference\":\"ab-1\"," + "\"content\":{\"body\":\""
				+ text + "\",\"from_number\":\"GOVUK\"},"
				+ "\"uri\":\"https://localhost/v2/notifications/740e5834-3a29-46b4-9a6f-16142fde533a\","
				+ "\"template\":{\"id\":\"f33517ff-2a88-4f6e-b855-c550268ce08a\",\"version\":1,"
				+ "\"uri\":\"https://localhost/v2/template/f33517ff-2a88-4f6e-b855-c550268ce08a\"}}";
	}

	/** The send's failure, carried out of {@link TimedNotificationClient#within}. */
	private static final class Cut extends RuntimeException {

		Cut(NotificationClientException cause) {
			super(cause);
		}

	}

	private static HttpsURLConnection open(int port, GuardedTlsSockets sockets) throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) new java.net.URL("https://localhost:" + port + "/v2/ping")
			.openConnection();
		connection.setSSLSocketFactory(sockets);
		connection.setHostnameVerifier((host, session) -> true);
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(5000);
		return connection;
	}

	/** A context as {@code tls}, its client sockets from {@code sockets}. */
	private static final class SocketsOnly extends SSLContextSpi {

		private final SSLContext tls;

		private final SSLSocketFactory sockets;

		SocketsOnly(SSLContext tls, SSLSocketFactory sockets) {
			this.tls = tls;
			this.sockets = sockets;
		}

		@Override
		protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			return this.sockets;
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			return this.tls.getServerSocketFactory();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			return this.tls.createSSLEngine();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			return this.tls.createSSLEngine(host, port);
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.tls.getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.tls.getClientSessionContext();
		}

	}

	/** TLS sockets as the given factory makes them, each kept to see it closed. */
	private static final class RecordingSockets extends SSLSocketFactory {

		private final SSLSocketFactory tls;

		private final List<Socket> made = new CopyOnWriteArrayList<>();

		RecordingSockets(SSLSocketFactory tls) {
			this.tls = tls;
		}

		private Socket kept(Socket socket) {
			this.made.add(socket);
			return socket;
		}

		@Override
		public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
			return kept(this.tls.createSocket(socket, host, port, autoClose));
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return kept(this.tls.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return kept(this.tls.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return kept(this.tls.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return kept(this.tls.createSocket(address, port, localAddress, localPort));
		}

		@Override
		public String[] getDefaultCipherSuites() {
			return this.tls.getDefaultCipherSuites();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.tls.getSupportedCipherSuites();
		}

	}

	/**
	 * Trusts any certificate: the mock's, made up as it starts, for any name (an extended
	 * manager, so the JDK adds no host name check of its own).
	 */
	private static final class TrustingManager extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
