package org.attendancebridge.mock.cpoms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.attendancebridge.mock.FaultSwitch;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockSystem;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

/**
 * CPOMS in the shape we defined (no public API exists), served under {@code /cpoms}:
 * token auth, a category tree with an Attendance branch, incidents that can be found
 * again by the client's {@code external_ref}.
 */
public final class CpomsMock implements MockSystem {

	/** The categories every mock school has: an Attendance parent and its children. */
	public static final List<Category> CATEGORIES = List.of(new Category(1, "Attendance", null),
			new Category(11, "Persistent absence", 1), new Category(12, "Severe absence", 1),
			new Category(13, "Missing education", 1), new Category(14, "Home visit - no contact", 1),
			new Category(2, "Safeguarding", null), new Category(21, "Welfare concern", 2));

	private final String apiToken;

	private final Supplier<Clock> clock;

	private final FaultSwitch faults = new FaultSwitch();

	private final Map<Long, Incident> incidents = new ConcurrentHashMap<>();

	private final AtomicLong nextId = new AtomicLong(1001);

	private final CpomsApi api;

	/**
	 * @param apiToken the token clients send as {@code Authorization: Token <t>}
	 * @param clock the clock incidents are stamped by
	 */
	public CpomsMock(String apiToken, Supplier<Clock> clock) {
		if (apiToken == null || apiToken.isBlank()) {
			throw new IllegalArgumentException("an API token is required");
		}
		this.apiToken = apiToken;
		this.clock = clock;
		this.api = new CpomsApi(this);
	}

	@Override
	public String prefix() {
		return "/cpoms";
	}

	@Override
	public List<Extension> extensions() {
		return List.of(this.api);
	}

	@Override
	public void register(WireMockServer server) {
		this.api.register(server, prefix());
	}

	/** Every incident recorded, oldest first. */
	public List<Incident> incidents() {
		return this.incidents.values().stream().sorted(Comparator.comparingLong(Incident::id)).toList();
	}

	public List<Incident> incidentsWithExternalRef(String externalRef) {
		return incidents().stream().filter(incident -> externalRef.equals(incident.externalRef())).toList();
	}

	public void clear() {
		this.incidents.clear();
		this.faults.clear();
	}

	public void fault(MockFault fault) {
		this.faults.set(fault);
	}

	public void clearFault() {
		this.faults.clear();
	}

	boolean tokenMatches(String token) {
		return MessageDigest.isEqual(this.apiToken.getBytes(StandardCharsets.UTF_8),
				token.getBytes(StandardCharsets.UTF_8));
	}

	FaultSwitch faults() {
		return this.faults;
	}

	Incident record(String upn, List<Integer> categoryIds, String text, String occurredAt, List<Integer> alertUserIds,
			String externalRef) {
		Instant now = this.clock.get().instant();
		Incident incident = new Incident(this.nextId.getAndIncrement(), upn, new ArrayList<>(categoryIds), text,
				occurredAt, new ArrayList<>(alertUserIds), externalRef, now);
		this.incidents.put(incident.id(), incident);
		return incident;
	}

	Incident incident(long id) {
		return this.incidents.get(id);
	}

}
