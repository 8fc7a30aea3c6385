package org.attendancebridge.mock.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.attendancebridge.mock.JsonResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Notify's delivery receipts to the service's callback URL. Notify may repeat a
 * receipt and deliver receipts out of order; {@link #disorderly} does both, so a client's
 * receipt handling is tested against the worst the real service does.
 */
final class DeliveryCallbacks {

	private static final Logger log = LoggerFactory.getLogger(DeliveryCallbacks.class);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile URI url;

	private volatile String bearerToken;

	private volatile boolean disorderly;

	void configure(URI url, String bearerToken) {
		this.url = url;
		this.bearerToken = bearerToken;
	}

	void disorderly(boolean on) {
		this.disorderly = on;
	}

	boolean configured() {
		return this.url != null;
	}

	/**
	 * Posts the receipts of these texts, oldest first unless disorderly; returns the ids
	 * of the texts whose receipt the service took (answered 2xx).
	 */
	Set<UUID> post(List<SentText> finished) {
		URI target = this.url;
		Set<UUID> taken = new HashSet<>();
		if (target == null || finished.isEmpty()) {
			return taken;
		}
		List<SentText> order = new ArrayList<>(finished);
		if (this.disorderly) {
			Collections.reverse(order);
			order.addAll(new ArrayList<>(order));
		}
		for (SentText text : order) {
			if (postOne(target, text)) {
				taken.add(text.id());
			}
		}
		return taken;
	}

	private boolean postOne(URI target, SentText text) {
		HttpRequest request = HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.bearerToken)
			.POST(HttpRequest.BodyPublishers.ofString(JsonResponses.write(receipt(text))))
			.build();
		try {
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			log.debug("Delivery receipt for notification {} answered {}", text.id(), status);
			return status < 300;
		}
		catch (IOException ex) {
			log.info("Delivery receipt for notification {} not delivered: {}", text.id(), ex.getMessage());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static Map<String, Object> receipt(SentText text) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", text.id().toString());
		body.put("reference", text.reference());
		body.put("to", text.phoneNumber());
		body.put("status", text.outcome().wireName());
		body.put("created_at", text.createdAt().toString());
		body.put("completed_at", text.finalAt().toString());
		body.put("sent_at", text.sendingAt().toString());
		body.put("notification_type", "sms");
		body.put("template_id", text.templateId().toString());
		body.put("template_version", 1);
		return body;
	}

}
