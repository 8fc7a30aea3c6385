package org.attendancebridge.action.cpoms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hc.client5.http.ConnectTimeoutException;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.ActionText;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.Gateway;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.network.AddressRefused;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Safeguarding concerns about attendance, raised in CPOMS as incidents under its
 * Attendance category (with the child category the figures call for: persistent or severe
 * absence), alerting the DSL, and carrying our reference ({@code ab-<id>}) as the
 * incident's {@code external_ref}. A timeout or a dropped connection after the request
 * left is IN_DOUBT: {@link #find} looks the reference up; and since a 5xx may or may not
 * have kept the concern, every retry looks it up before creating it again. Only the
 * reference and the incident id are logged: the UPN goes to CPOMS and nowhere else.
 */
@Component
public class CpomsChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(CpomsChannel.class);

	private final CpomsSettings settings;

	private final CpomsClient client;

	private final TemplateCatalog templates;

	private final PupilLookup pupils;

	private final Clock clock;

	private volatile Map<String, Integer> categories;

	@Autowired
	public CpomsChannel(@Value("${CPOMS_BASE_URL:}") String baseUrl, @Value("${CPOMS_API_TOKEN:}") String apiToken,
			@Value("${CPOMS_ALERT_USER_IDS:}") String alertUserIds,
			@Value("${CPOMS_TIMEOUT_SECONDS:10}") String timeoutSeconds,
			@Value("${CPOMS_ALLOW_PRIVATE_NETWORK:false}") String allowPrivateNetwork,
			@Value("${attendance-bridge.policies-dir}") Path policies, PupilLookup pupils, Clock clock) {
		this(CpomsSettings.of(baseUrl, apiToken, alertUserIds, timeoutSeconds, allowPrivateNetwork),
				TemplateCatalog.load(policies.resolve("templates")), pupils, clock);
	}

	CpomsChannel(CpomsSettings settings, TemplateCatalog templates, PupilLookup pupils, Clock clock) {
		this.settings = settings;
		this.client = settings.configured() ? new CpomsClient(settings) : null;
		this.templates = templates;
		this.pupils = pupils;
		this.clock = clock;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("cpoms-concern");
	}

	@Override
	public Optional<Gateway> gateway() {
		return Optional.of(Gateway.CPOMS);
	}

	/**
	 * The look-up (after an earlier attempt), the categories and the creation together,
	 * cut off at {@code CPOMS_TIMEOUT_SECONDS} ({@link CpomsDeadline}).
	 */
	@Override
	public Duration requestTimeout() {
		return this.settings.timeout();
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		if (!this.settings.configured()) {
			return Delivery.failed("CPOMS is not configured: set CPOMS_BASE_URL and CPOMS_API_TOKEN");
		}
		CpomsDeadline until = this.client.deadline();
		if (action.attempts() > 0) {
			// An earlier attempt may have been kept although it failed: never file it
			// twice.
			Optional<Delivery> earlier = find(action, until);
			if (earlier.isPresent()) {
				return (earlier.get().outcome() == Delivery.Outcome.SENT) ? earlier.get()
						: Delivery.retryable("not sent again: " + earlier.get().detail());
			}
		}
		PlannedAction planned = action.planned();
		Optional<PupilCard> pupil = this.pupils.find(planned.school(), planned.pupilId());
		if (pupil.isEmpty() || pupil.get().upn() == null || pupil.get().upn().isBlank()) {
			return Delivery.failed("pupil " + planned.pupilId() + " of " + planned.school()
					+ " has no UPN in the store: CPOMS files concerns by UPN");
		}
		List<Integer> categoryIds;
		try {
			categoryIds = categoryIds(planned, until);
		}
		catch (CategoryException ex) {
			return ex.delivery;
		}
		catch (IOException ex) {
			return Delivery.retryable("cannot read CPOMS's categories (" + why(ex) + "): nothing was sent");
		}
		if (categoryIds.isEmpty()) {
			return Delivery.failed("CPOMS has no 'Attendance' category to file the concern under");
		}
		try {
			Map<String, Object> incident = CpomsClient.incident(pupil.get().upn(), categoryIds,
					ActionText.of(this.templates, planned, "Attendance concern: attendance ((attendance_pct))."),
					DateTimeFormatter.ISO_OFFSET_DATE_TIME
						.format(OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC)
							.truncatedTo(ChronoUnit.SECONDS)),
					this.settings.alertUserIds(), action.reference());
			return created(action, this.client.create(incident, until));
		}
		catch (ConnectTimeoutException | ConnectException | UnknownHostException ex) {
			return Delivery.retryable(
					"cannot connect to CPOMS at " + this.settings.baseUrl() + " (" + why(ex) + "): nothing was sent");
		}
		catch (SocketTimeoutException ex) {
			log.warn("CPOMS did not answer for action {} within {}: in doubt", action.reference(),
					this.settings.timeout());
			return Delivery.inDoubt("no " + ((ex instanceof CpomsDeadline.CutOff) ? "whole " : "")
					+ "answer from CPOMS within " + this.settings.timeout().toSeconds()
					+ " s: the concern may have been created; look it up by " + action.reference());
		}
		catch (IOException ex) {
			log.warn("CPOMS connection failed for action {}: in doubt", action.reference());
			return Delivery.inDoubt("the connection to CPOMS failed after the concern was sent ("
					+ ex.getClass().getSimpleName() + "): look it up by " + action.reference());
		}
	}

	/**
	 * What went wrong: a refused address in full (it names host and address), else the
	 * kind.
	 */
	private static String why(IOException ex) {
		return (ex instanceof AddressRefused refused) ? refused.getMessage() : ex.getClass().getSimpleName();
	}

	private Delivery created(OutboxAction action, CpomsClient.Answer answer) {
		int status = answer.status();
		if (status == 201 && answer.json() != null && answer.json().hasNonNull("id")) {
			String id = answer.json().get("id").asText();
			log.info("CPOMS concern for action {} created as incident {}", action.reference(), id);
			return Delivery.sent(id, "CPOMS incident " + id + " created, DSL alerted ("
					+ this.settings.alertUserIds().size() + " users)");
		}
		log.warn("CPOMS answered {} to the concern of action {}", status, action.reference());
		if (status == 429) {
			return Delivery.rateLimited("CPOMS is rate limiting (429"
					+ ((answer.retryAfter() != null) ? ", Retry-After " + answer.retryAfter() + " s" : "") + ")");
		}
		if (status >= 500) {
			return Delivery.retryable("CPOMS answered " + status
					+ ": it may or may not have kept the concern; the next attempt looks it up first");
		}
		if (status == 401 || status == 403) {
			return Delivery.credentialsRefused("CPOMS refused the API token (" + status + "): check CPOMS_API_TOKEN");
		}
		if (status == 422 && answer.json() != null && answer.json().has("errors")) {
			List<String> fields = new ArrayList<>();
			answer.json().get("errors").fieldNames().forEachRemaining(fields::add);
			return Delivery.failed("CPOMS refused the concern (422): invalid " + String.join(", ", fields));
		}
		if (answer.json() == null) {
			// A proxy's maintenance page, not CPOMS: nothing was filed, try again later.
			return Delivery.retryable("CPOMS answered " + status + " with a page that is not its API's");
		}
		return Delivery.failed("CPOMS answered " + status + " to the concern");
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		if (!this.settings.configured()) {
			return Optional.of(Delivery.inDoubt("CPOMS is not configured: cannot look up " + action.reference()));
		}
		return find(action, this.client.deadline());
	}

	private Optional<Delivery> find(OutboxAction action, CpomsDeadline until) {
		try {
			CpomsClient.Answer answer = this.client.findByExternalRef(action.reference(), until);
			if (answer.status() != 200 || answer.json() == null || !answer.json().isArray()) {
				return Optional.of(Delivery.inDoubt("CPOMS answered " + answer.status() + " to the look-up of "
						+ action.reference() + ": still in doubt"));
			}
			Iterator<JsonNode> found = answer.json().elements();
			if (!found.hasNext()) {
				return Optional.empty();
			}
			String id = found.next().path("id").asText();
			log.info("CPOMS already has the concern of action {}: incident {}", action.reference(), id);
			return Optional.of(Delivery.sent(id, "CPOMS incident " + id + " found by " + action.reference()));
		}
		catch (IOException ex) {
			return Optional.of(Delivery
				.inDoubt("cannot look up " + action.reference() + " in CPOMS (" + why(ex) + "): still in doubt"));
		}
	}

	/**
	 * Attendance, and the child category the figures call for: severe absence below 50%,
	 * persistent absence at 90% or less.
	 */
	private List<Integer> categoryIds(PlannedAction planned, CpomsDeadline until)
			throws IOException, CategoryException {
		Map<String, Integer> byName = categories(until);
		List<Integer> ids = new ArrayList<>();
		Integer attendance = byName.get("attendance");
		if (attendance == null) {
			return ids;
		}
		ids.add(attendance);
		double pct = planned.figures().attendancePct();
		String child = (pct < 50) ? "severe absence" : (pct <= 90) ? "persistent absence" : null;
		if (child != null && byName.containsKey(child)) {
			ids.add(byName.get(child));
		}
		return ids;
	}

	private Map<String, Integer> categories(CpomsDeadline until) throws IOException, CategoryException {
		Map<String, Integer> known = this.categories;
		if (known != null) {
			return known;
		}
		CpomsClient.Answer answer = this.client.categories(until);
		if (answer.status() == 401 || answer.status() == 403) {
			throw new CategoryException(Delivery
				.credentialsRefused("CPOMS refused the API token (" + answer.status() + "): check CPOMS_API_TOKEN"));
		}
		if (answer.status() != 200 || answer.json() == null || !answer.json().isArray()) {
			throw new CategoryException(
					Delivery.retryable("CPOMS answered " + answer.status() + " to the categories: nothing was sent"));
		}
		Map<String, Integer> byName = new HashMap<>();
		answer.json()
			.forEach((category) -> byName.put(category.path("name").asText().toLowerCase(Locale.ROOT),
					category.path("id").asInt()));
		this.categories = byName;
		return byName;
	}

	/** The categories could not be read: the delivery it ends in. */
	private static final class CategoryException extends Exception {

		private final transient Delivery delivery;

		private CategoryException(Delivery delivery) {
			super(delivery.detail(), null, false, false);
			this.delivery = delivery;
		}

	}

}
