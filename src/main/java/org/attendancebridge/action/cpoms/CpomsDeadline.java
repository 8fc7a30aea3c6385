package org.attendancebridge.action.cpoms;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;

/**
 * A hard bound over one delivery's requests together (look-up, categories, creation): a
 * response timeout is per read, so an answer trickling in would never be cut, and the
 * delivery could outlive its lease. At the deadline the request in flight is aborted (its
 * connection shut), and none is started after it. An abort before the concern's body
 * started out is {@link NothingSent}; after, {@link CutOff}: the concern may have been
 * created. Not shared between threads.
 */
final class CpomsDeadline {

	/** Aborts requests whose deadline passed; one daemon thread for every delivery. */
	private static final ScheduledThreadPoolExecutor CUTTER = cutter();

	private final Duration timeout;

	private final long nanos;

	private volatile boolean bodyStarted;

	CpomsDeadline(Duration timeout) {
		this.timeout = timeout;
		this.nanos = System.nanoTime() + timeout.toNanos();
	}

	private static ScheduledThreadPoolExecutor cutter() {
		ScheduledThreadPoolExecutor cutter = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "cpoms-deadline");
			thread.setDaemon(true);
			return thread;
		});
		// A request answered in time is forgotten at once, not kept queued.
		cutter.setRemoveOnCancelPolicy(true);
		return cutter;
	}

	/** The body, noting when it starts out: from then on the concern may be created. */
	HttpEntity watched(HttpEntity body) {
		return new HttpEntityWrapper(body) {

			@Override
			public void writeTo(OutputStream out) throws IOException {
				CpomsDeadline.this.bodyStarted = true;
				super.writeTo(out);
			}

		};
	}

	<T> T send(HttpUriRequestBase request, CloseableHttpClient http, HttpClientResponseHandler<T> answer)
			throws IOException {
		long left = this.nanos - System.nanoTime();
		if (left <= 0) {
			throw new NothingSent(this.timeout);
		}
		request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(left, TimeUnit.NANOSECONDS)).build());
		ScheduledFuture<?> cut = CUTTER.schedule(request::cancel, left, TimeUnit.NANOSECONDS);
		try {
			return http.execute(request, answer);
		}
		catch (IOException ex) {
			if (!request.isCancelled()) {
				throw ex;
			}
			if (this.bodyStarted) {
				throw new CutOff(this.timeout, ex);
			}
			throw new NothingSent(this.timeout);
		}
		finally {
			cut.cancel(false);
		}
	}

	/** The deadline passed before the request's body started out: nothing was sent. */
	static final class NothingSent extends ConnectException {

		NothingSent(Duration timeout) {
			super("the delivery's " + timeout.toSeconds() + " s passed before the request was sent: nothing sent");
		}

	}

	/** The deadline passed with the request sent and its answer not all in. */
	static final class CutOff extends SocketTimeoutException {

		CutOff(Duration timeout, IOException cause) {
			super("cut off after the delivery's " + timeout.toSeconds() + " s, its answer not all in");
			initCause(cause);
		}

	}

}
