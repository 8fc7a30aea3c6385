package org.attendancebridge.mock.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attendancebridge.mock.FaultSwitch;
import org.attendancebridge.mock.MockFault;
import org.attendancebridge.mock.MockSystem;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

/**
 * An SMS gateway in the shape of GOV.UK Notify, served under {@code /notify}: point the
 * official client (or our own) at {@code http://host:port/notify}. Texts are kept for 7
 * days and move from {@code created} through {@code sending} to their final status as the
 * injected clock passes.
 */
public final class NotifyMock implements MockSystem {

	static final Duration RETENTION = Duration.ofDays(7);

	private static final ZoneId NOTIFY_DAY = ZoneId.of("Europe/London");

	/** Numbers that Notify's documentation reserves for failures, normalised. */
	private static final Map<String, TextStatus> TEST_NUMBERS = Map.of("447700900003", TextStatus.TEMPORARY_FAILURE,
			"447700900002", TextStatus.PERMANENT_FAILURE);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^)]+)\\)\\)");

	private final NotifyConfig config;

	private final Supplier<Clock> clock;

	private final Supplier<Clock> tokenClock;

	private final FaultSwitch faults = new FaultSwitch();

	private final DeliveryCallbacks callbacks = new DeliveryCallbacks();

	private final Map<UUID, SentText> texts = new ConcurrentHashMap<>();

	private final Set<UUID> receiptsPosted = ConcurrentHashMap.newKeySet();

	private final Map<UUID, String> templates = new ConcurrentHashMap<>();

	/** Texts accepted per UK day, for the daily limit: counted, not searched for. */
	private final Map<LocalDate, Integer> textsByDay = new ConcurrentHashMap<>();

	private final Deque<Instant> recentRequests = new ArrayDeque<>();

	private final NotifyApi api;

	/**
	 * @param config service id, key and limits
	 * @param clock the clock texts age by, and tokens are checked against; a supplier so
	 * a simulated clock can be swapped in
	 */
	public NotifyMock(NotifyConfig config, Supplier<Clock> clock) {
		this(config, clock, clock);
	}

	/**
	 * With texts on one clock (their times, ages and the rate limit's minute: a school's
	 * simulated clock) and tokens checked against another (the real one the clients sign
	 * with).
	 */
	public NotifyMock(NotifyConfig config, Supplier<Clock> clock, Supplier<Clock> tokenClock) {
		this.config = config;
		this.clock = clock;
		this.tokenClock = tokenClock;
		this.api = new NotifyApi(this, new JwtVerifier(config.serviceId(), config.secretKey()));
	}

	@Override
	public String prefix() {
		return "/notify";
	}

	@Override
	public List<Extension> extensions() {
		return List.of(this.api);
	}

	@Override
	public void register(WireMockServer server) {
		this.api.register(server, prefix());
	}

	// --- Java API for tests and the demo ---

	/** Every text kept, newest first. */
	public List<SentText> sentTexts() {
		purgeExpired();
		return this.texts.values().stream().sorted(Comparator.comparing(SentText::createdAt).reversed()).toList();
	}

	public Optional<SentText> text(UUID id) {
		return Optional.ofNullable(this.texts.get(id));
	}

	/** How many kept texts are in each status now. */
	public Map<TextStatus, Integer> countByStatus() {
		Instant now = now();
		Map<TextStatus, Integer> counts = new EnumMap<>(TextStatus.class);
		for (SentText text : sentTexts()) {
			counts.merge(text.statusAt(now), 1, Integer::sum);
		}
		return counts;
	}

	/** Forgets every text, receipt, request count and fault. */
	public synchronized void clear() {
		this.texts.clear();
		this.textsByDay.clear();
		this.receiptsPosted.clear();
		this.recentRequests.clear();
		this.faults.clear();
	}

	/**
	 * The text of a template, with Notify's {@code ((placeholders))}; unknown ids get a
	 * generic body.
	 */
	public void template(UUID id, String text) {
		this.templates.put(id, text);
	}

	public void fault(MockFault fault) {
		this.faults.set(fault);
	}

	public void clearFault() {
		this.faults.clear();
	}

	/** Where to post delivery receipts, with the bearer token Notify sends along. */
	public void callbacks(URI url, String bearerToken) {
		this.callbacks.configure(url, bearerToken);
	}

	/**
	 * Repeats every receipt and posts them newest first, as the real service sometimes
	 * does.
	 */
	public void disorderlyCallbacks(boolean on) {
		this.callbacks.disorderly(on);
	}

	/**
	 * Posts the receipts of texts that reached their final status and whose receipt the
	 * service has not taken yet. The host calls it on a timer (or a test calls it after
	 * moving its clock); returns the receipts taken.
	 */
	public int postDueReceipts() {
		if (!this.callbacks.configured()) {
			return 0;
		}
		Instant now = now();
		List<SentText> due = new ArrayList<>();
		for (SentText text : sentTexts()) {
			if (!text.finalAt().isAfter(now) && !this.receiptsPosted.contains(text.id())) {
				due.add(text);
			}
		}
		due.sort(Comparator.comparing(SentText::finalAt));
		// As Notify does, a receipt the service did not take (an error, no answer) is
		// posted again next time.
		Set<UUID> taken = this.callbacks.post(due);
		this.receiptsPosted.addAll(taken);
		return taken.size();
	}

	/**
	 * Posts due receipts every {@code period} on a daemon thread, for a host whose clock
	 * runs on its own; close the answer to stop.
	 */
	public AutoCloseable postReceiptsEvery(Duration period) {
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "notify-mock-receipts");
			thread.setDaemon(true);
			return thread;
		});
		timer.scheduleWithFixedDelay(this::postDueReceipts, period.toMillis(), period.toMillis(),
				TimeUnit.MILLISECONDS);
		return timer::shutdownNow;
	}

	// --- used by NotifyApi ---

	Instant now() {
		return this.clock.get().instant();
	}

	/** What a token's {@code iat} is checked against. */
	Instant tokenNow() {
		return this.tokenClock.get().instant();
	}

	NotifyConfig config() {
		return this.config;
	}

	FaultSwitch faults() {
		return this.faults;
	}

	/** Counts one request against the rolling minute; false when it is over the limit. */
	synchronized boolean admitRequest(Instant now) {
		Instant windowStart = now.minus(Duration.ofMinutes(1));
		while (!this.recentRequests.isEmpty() && !this.recentRequests.peekFirst().isAfter(windowStart)) {
			this.recentRequests.pollFirst();
		}
		if (this.recentRequests.size() >= this.config.requestsPerMinute()) {
			return false;
		}
		this.recentRequests.addLast(now);
		return true;
	}

	boolean dailyLimitReached(Instant now) {
		return this.textsByDay.getOrDefault(now.atZone(NOTIFY_DAY).toLocalDate(), 0) >= this.config.dailyMessageLimit();
	}

	/** Keeps the text, or answers null when the daily limit was reached meanwhile. */
	synchronized SentText record(String phoneNumber, String normalisedNumber, UUID templateId,
			Map<String, Object> personalisation, String reference, Instant now) {
		// Checked again under the lock: two sends at the limit must not both get through.
		if (dailyLimitReached(now)) {
			return null;
		}
		TextStatus outcome = TEST_NUMBERS.getOrDefault(normalisedNumber, TextStatus.DELIVERED);
		SentText text = new SentText(UUID.randomUUID(), reference, phoneNumber, templateId, Map.copyOf(personalisation),
				render(templateId, personalisation), now, now.plus(this.config.timeToSending()),
				now.plus(this.config.timeToFinal()), outcome);
		this.texts.put(text.id(), text);
		this.textsByDay.merge(now.atZone(NOTIFY_DAY).toLocalDate(), 1, Integer::sum);
		return text;
	}

	String missingPersonalisation(UUID templateId, Map<String, Object> personalisation) {
		String template = this.templates.get(templateId);
		if (template == null) {
			return null;
		}
		Set<String> missing = new HashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			if (!personalisation.containsKey(matcher.group(1))) {
				missing.add(matcher.group(1));
			}
		}
		return missing.isEmpty() ? null : String.join(", ", missing.stream().sorted().toList());
	}

	private String render(UUID templateId, Map<String, Object> personalisation) {
		String template = this.templates.get(templateId);
		if (template == null) {
			return "Message from template " + templateId;
		}
		String body = template;
		for (Map.Entry<String, Object> value : personalisation.entrySet()) {
			body = body.replace("((" + value.getKey() + "))", String.valueOf(value.getValue()));
		}
		return body;
	}

	private void purgeExpired() {
		Instant oldest = now().minus(RETENTION);
		this.texts.values().removeIf(text -> text.createdAt().isBefore(oldest));
	}

}
