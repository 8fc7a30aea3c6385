package org.attendancebridge.demo;

import java.net.URI;
import java.time.Duration;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.notify.NotifyMock;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the adapter serves HTTP, points the demo's mock gateway at its receipt callback
 * and has it post the receipts of finished texts every two seconds; closed with the
 * adapter.
 */
public final class DemoReceipts implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

	private final MockMis mock;

	private final String token;

	private AutoCloseable timer;

	DemoReceipts(MockMis mock, String token) {
		this.mock = mock;
		this.token = token;
	}

	@Override
	public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
		if (this.timer != null || this.token.isBlank()) {
			return;
		}
		this.mock.system(NotifyMock.class).ifPresent((notify) -> {
			notify.callbacks(URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/callbacks/notify"),
					this.token);
			this.timer = notify.postReceiptsEvery(Duration.ofSeconds(2));
		});
	}

	@Override
	public synchronized void close() throws Exception {
		if (this.timer != null) {
			this.timer.close();
		}
	}

}
