package uk.gov.service.notify;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;

/**
 * The official Notify client with what it lacks for unattended sending: connect and read
 * timeouts (it sets none, so a gateway that stops answering would hang a sender for
 * ever), the {@code Retry-After} of a 429, which it does not expose, and no silent resend
 * of a POST whose connection was reset. It lives in the client's package because the
 * connection factory it overrides is package-private; everything else is the client's own
 * code.
 */
public class TimedNotificationClient extends NotificationClient {

	private final int timeoutMillis;

	private final ThreadLocal<HttpURLConnection> last = new ThreadLocal<>();

	public TimedNotificationClient(String apiKey, String baseUrl, Duration timeout) {
		super(apiKey, baseUrl);
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
	}

	@Override
	HttpURLConnection getConnection(URL url) throws IOException {
		HttpURLConnection connection = super.getConnection(url);
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
