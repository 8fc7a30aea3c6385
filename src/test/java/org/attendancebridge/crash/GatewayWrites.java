package org.attendancebridge.crash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.attendancebridge.mock.MockMis;

/**
 * The writes that reached the mock MIS, its SMS gateway and CPOMS, read from WireMock's
 * request journal, which records a request as it arrives (before a slow answer is sent):
 * every write carries the reference of its action, {@code ab-<outbox id>}.
 */
final class GatewayWrites {

	private static final Pattern REFERENCE = Pattern.compile("ab-(\\d+)(?!\\d)");

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

	private final MockMis mock;

	private final int capacity;

	/**
	 * @param capacity the journal's size, which the test must not fill
	 */
	GatewayWrites(MockMis mock, int capacity) {
		this.mock = mock;
		this.capacity = capacity;
	}

	/** The action of each write, oldest first, one entry per request. */
	List<Long> inOrder() {
		List<ServeEvent> events = this.mock.server().getAllServeEvents();
		if (events.size() >= this.capacity) {
			throw new IllegalStateException("the mock's request journal is full (" + this.capacity
					+ " requests): writes may have been dropped from it");
		}
		List<Long> writes = new ArrayList<>();
		for (ServeEvent event : events) {
			LoggedRequest request = event.getRequest();
			if (WRITES.contains(request.getMethod().getName())) {
				Matcher reference = REFERENCE.matcher(request.getBodyAsString());
				if (reference.find()) {
					writes.add(Long.parseLong(reference.group(1)));
				}
			}
		}
		// The journal lists the newest first.
		Collections.reverse(writes);
		return writes;
	}

	/** How many write requests carry each action's reference. */
	Map<Long, Integer> byAction() {
		Map<Long, Integer> counts = new LinkedHashMap<>();
		inOrder().forEach((id) -> counts.merge(id, 1, Integer::sum));
		return counts;
	}

}
