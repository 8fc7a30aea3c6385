package org.attendancebridge.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.TimedNotificationClient;

import org.attendancebridge.mock.MockCredentials;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
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

	private static HttpsURLConnection open(int port, GuardedTlsSockets sockets) throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) new java.net.URL("https://localhost:" + port + "/v2/ping")
			.openConnection();
		connection.setSSLSocketFactory(sockets);
		connection.setHostnameVerifier((host, session) -> true);
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(5000);
		return connection;
	}

	/** Trusts any certificate: the mock's, made up as it starts. */
	private static final class TrustingManager implements X509TrustManager {

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
