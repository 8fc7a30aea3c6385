package uk.gov.service.notify;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;

import org.attendancebridge.network.AddressGuard;
import org.attendancebridge.network.GuardedTlsSockets;

/**
 * The official Notify client with what it lacks for unattended sending: connect and read
 * timeouts (it sets none, so a gateway that stops answering would hang a sender for
 * ever), the {@code Retry-After} of a 429, which it does not expose, and no silent resend
 * of a POST whose connection was reset; and a check of the address each connection is
 * made to ({@link GuardedTlsSockets}): a private, loopback or link-local one, or plain
 * http, is refused unless {@code NOTIFY_ALLOW_PRIVATE_NETWORK} is true. It lives in the
 * client's package because the connection factory it overrides is package-private;
 * everything else is the client's own code.
 */
public class TimedNotificationClient extends NotificationClient {

	private final int timeoutMillis;

	private final ThreadLocal<HttpURLConnection> last = new ThreadLocal<>();

	/**
	 * The setting that lets the gateway be reached at a private address or over plain
	 * http.
	 */
	public static final String ALLOW_PRIVATE = "NOTIFY_ALLOW_PRIVATE_NETWORK";

	private final AddressGuard guard;

	/** One factory for every connection: the JDK reuses a kept-alive one only with it. */
	private final GuardedTlsSockets tls;

	/**
	 * @param allowPrivateNetwork whether the gateway may be at a private, loopback or
	 * link-local address or on plain http (a local mock only)
	 */
	public TimedNotificationClient(String apiKey, String baseUrl, Duration timeout, boolean allowPrivateNetwork) {
		super(apiKey, baseUrl);
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
		this.guard = new AddressGuard("the SMS gateway", allowPrivateNetwork, ALLOW_PRIVATE + "=true");
		this.tls = new GuardedTlsSockets(HttpsURLConnection.getDefaultSSLSocketFactory(), this.guard);
	}

	@Override
	HttpURLConnection getConnection(URL url) throws IOException {
		// Plain http opens its socket where no guard can see it.
		this.guard.checkScheme(url.toString());
		HttpURLConnection connection = super.getConnection(url);
		if (connection instanceof HttpsURLConnection https) {
			https.setSSLSocketFactory(this.tls);
		}
		connection.setConnectTimeout(this.timeoutMillis);
		connection.setReadTimeout(this.timeoutMillis);
		// Streamed (the sends are the client's only POSTs), a POST is never silently
		// resent by HttpURLConnection when the
		// connection drops before the answer (sun.net.http.retryPost): a second text.
		if (url.getPath().matches(".*/v2/notifications/(sms|email|letter)")) {
			connection.setChunkedStreamingMode(0);
		}
		this.last.set(connection);
		return connection;
	}

	/** A header of the last answer this thread received, e.g. {@code Retry-After}. */
	public Optional<String> lastHeader(String name) {
		HttpURLConnection connection = this.last.get();
		return (connection == null) ? Optional.empty() : Optional.ofNullable(connection.getHeaderField(name));
	}

}
