package uk.gov.service.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.HttpsURLConnection;

import org.attendancebridge.network.AddressGuard;
import org.attendancebridge.network.GuardedTlsSockets;

/**
 * The official Notify client with what it lacks for unattended sending: connect and read
 * timeouts (it sets none, so a gateway that stops answering would hang a sender for
 * ever), a hard deadline over several requests ({@link #within}), the {@code Retry-After}
 * of a 429, which it does not expose, and no silent resend of a POST whose connection was
 * reset; and a check of the address each connection is made to
 * ({@link GuardedTlsSockets}): a private, loopback or link-local one, or plain http, is
 * refused unless {@code NOTIFY_ALLOW_PRIVATE_NETWORK} is true. It lives in the client's
 * package because the connection factory it overrides is package-private; everything else
 * is the client's own code.
 */
public class TimedNotificationClient extends NotificationClient {

	/**
	 * Cuts connections whose deadline passed; one thread for every client, so a cut never
	 * waits for anything a sender holds.
	 */
	private static final ScheduledThreadPoolExecutor CUTTER = cutter();

	/**
	 * Disconnects plain http connections (a local mock's), whose sockets no factory
	 * makes: a disconnect waits for the reader's lock, so never on the cutter.
	 */
	private static final ExecutorService DISCONNECTER = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "notify-disconnect");
		thread.setDaemon(true);
		return thread;
	});

	private final Duration timeout;

	private final ThreadLocal<HttpURLConnection> last = new ThreadLocal<>();

	/**
	 * The setting that lets the gateway be reached at a private address or over plain
	 * http.
	 */
	public static final String ALLOW_PRIVATE = "NOTIFY_ALLOW_PRIVATE_NETWORK";

	private final AddressGuard guard;

	/** One factory for every connection: the JDK reuses a kept-alive one only with it. */
	private final GuardedTlsSockets tls;

	private final ThreadLocal<Deadline> deadline = new ThreadLocal<>();

	/**
	 * @param allowPrivateNetwork whether the gateway may be at a private, loopback or
	 * link-local address or on plain http (a local mock only)
	 */
	public TimedNotificationClient(String apiKey, String baseUrl, Duration timeout, boolean allowPrivateNetwork) {
		super(apiKey, baseUrl);
		this.timeout = timeout;
		this.guard = new AddressGuard("the SMS gateway", allowPrivateNetwork, ALLOW_PRIVATE + "=true");
		this.tls = new GuardedTlsSockets(HttpsURLConnection.getDefaultSSLSocketFactory(), this.guard,
				(socket) -> Optional.ofNullable(this.deadline.get()).ifPresent((until) -> until.watch(socket)));
	}

	private static ScheduledThreadPoolExecutor cutter() {
		ScheduledThreadPoolExecutor cutter = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "notify-deadline");
			thread.setDaemon(true);
			return thread;
		});
		// A deadline met is forgotten at once, not kept queued until it would have
		// passed.
		cutter.setRemoveOnCancelPolicy(true);
		return cutter;
	}

	/**
	 * Runs {@code work} (its requests made on this thread) within the timeout, all of
	 * them together: a connection still open when it passes is closed, whatever it is
	 * waiting for (a read timeout alone lets an answer that trickles in run on for ever),
	 * and none is opened after it ({@link NoTimeLeft}, before anything is sent).
	 */
	public <T> T within(Supplier<T> work) {
		Deadline until = new Deadline(System.nanoTime() + this.timeout.toNanos());
		this.deadline.set(until);
		ScheduledFuture<?> cut = CUTTER.schedule(until::pass, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		try {
			return work.get();
		}
		finally {
			until.end();
			cut.cancel(false);
			this.deadline.remove();
		}
	}

	@Override
	HttpURLConnection getConnection(URL url) throws IOException {
		Deadline until = this.deadline.get();
		long millis = this.timeout.toMillis();
		if (until != null) {
			millis = Math.min(millis, until.millisLeft());
			if (millis <= 0) {
				throw new NoTimeLeft();
			}
		}
		// Plain http opens its socket where no guard can see it.
		this.guard.checkScheme(url.toString());
		HttpURLConnection connection = super.getConnection(url);
		if (connection instanceof HttpsURLConnection https) {
			https.setSSLSocketFactory(this.tls);
		}
		connection.setConnectTimeout(Math.toIntExact(millis));
		connection.setReadTimeout(Math.toIntExact(millis));
		// Streamed (the sends are the client's only POSTs), a POST is never silently
		// resent by HttpURLConnection when the
		// connection drops before the answer (sun.net.http.retryPost): a second text.
		if (url.getPath().matches(".*/v2/notifications/(sms|email|letter)")) {
			connection.setChunkedStreamingMode(0);
		}
		if (until != null) {
			until.watch(connection);
		}
		this.last.set(connection);
		return connection;
	}

	/**
	 * Whether the deadline of the {@link #within} call on this thread has passed: an
	 * answer cut there over plain http (a local mock's) can end early without an error,
	 * so what was read of it is not the gateway's word.
	 */
	public boolean deadlinePassed() {
		Deadline until = this.deadline.get();
		return until != null && until.hasPassed();
	}

	/** A header of the last answer this thread received, e.g. {@code Retry-After}. */
	public Optional<String> lastHeader(String name) {
		HttpURLConnection connection = this.last.get();
		return (connection == null) ? Optional.empty() : Optional.ofNullable(connection.getHeaderField(name));
	}

	/** A request not opened because its deadline had passed: nothing was sent. */
	public static final class NoTimeLeft extends ConnectException {

		NoTimeLeft() {
			super("the request's deadline passed before it was opened: nothing sent");
		}

	}

	/**
	 * The deadline of one {@link #within} call, the connection it watches and the socket
	 * that connection last used on this thread.
	 */
	private static final class Deadline {

		/**
		 * Which delivery used each socket last (weakly held: a socket closed and dropped
		 * by the JDK leaves).
		 */
		private static final Map<Socket, Deadline> USERS = new WeakHashMap<>();

		private final long nanos;

		private boolean passed;

		/** The work ended in time: nothing is cut any more (its socket may be reused). */
		private boolean ended;

		private HttpURLConnection open;

		private Socket socket;

		Deadline(long nanos) {
			this.nanos = nanos;
		}

		long millisLeft() {
			return TimeUnit.NANOSECONDS.toMillis(this.nanos - System.nanoTime());
		}

		synchronized void watch(HttpURLConnection connection) {
			this.open = connection;
			this.socket = null;
			if (this.passed) {
				connection.disconnect();
			}
		}

		/** Called on each read and write of the socket, on this deadline's thread. */
		void watch(Socket used) {
			synchronized (USERS) {
				USERS.put(used, this);
			}
			boolean late;
			synchronized (this) {
				if (this.socket == used) {
					return;
				}
				this.socket = used;
				late = this.passed;
			}
			if (late) {
				closeIfStillOurs(used);
			}
		}

		/**
		 * Closes the socket unless another delivery has used it since: an answer read
		 * whole puts it back in the JDK's keep-alive cache, where another sender may take
		 * it before this delivery's next request.
		 */
		private void closeIfStillOurs(Socket used) {
			synchronized (USERS) {
				if (USERS.get(used) == this) {
					close(used);
				}
			}
		}

		synchronized boolean hasPassed() {
			return this.passed;
		}

		synchronized void end() {
			this.ended = true;
		}

		/**
		 * Closes the socket the connection uses: a thread blocked reading or writing on
		 * it gets an IOException at once, however the answer is framed, and the socket is
		 * not kept alive for the rest of a trickle to be read. A plain http connection (a
		 * local mock) is disconnected on a thread of its own.
		 */
		void pass() {
			Socket used;
			HttpURLConnection connection;
			synchronized (this) {
				if (this.ended) {
					return;
				}
				this.passed = true;
				used = this.socket;
				connection = this.open;
			}
			if (used != null) {
				closeIfStillOurs(used);
			}
			else if (connection != null) {
				DISCONNECTER.execute(connection::disconnect);
			}
		}

		private static void close(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing a socket already closed or reset: nothing more to cut.
			}
		}

	}

}
