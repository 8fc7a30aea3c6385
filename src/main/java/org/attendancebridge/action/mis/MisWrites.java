package org.attendancebridge.action.mis;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.MisAnswerUnreadable;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisWriteRefused;
import org.attendancebridge.connector.MisWriter;
import org.attendancebridge.connector.MisWritten;
import org.attendancebridge.policy.TemplateCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What every channel back into a school's MIS shares: finding the school's connection and
 * its {@link MisWriter}, looking an earlier attempt up by our reference before a retry
 * writes again, and reading a failed write as the state it leaves the action in. A
 * refusal is FAILED with the MIS's reason; a 429, a 5xx or a connection that never opened
 * is RETRYABLE (after a 5xx the next attempt looks up first: the MIS may have kept the
 * write); a timeout or reset after the request left is IN_DOUBT. Only references and the
 * MIS's ids are logged, never what the note says.
 */
@Component
public class MisWrites {

	private static final Logger log = LoggerFactory.getLogger(MisWrites.class);

	private final ConnectorRegistry schools;

	private final Map<MisKind, MisWriter> writers = new EnumMap<>(MisKind.class);

	private final TemplateCatalog templates;

	@Autowired
	public MisWrites(ConnectorRegistry schools, List<MisWriter> writers,
			@Value("${attendance-bridge.policies-dir}") Path policies) {
		this(schools, writers, TemplateCatalog.load(policies.resolve("templates")));
	}

	MisWrites(ConnectorRegistry schools, List<MisWriter> writers, TemplateCatalog templates) {
		this.schools = schools;
		writers.forEach((writer) -> this.writers.put(writer.kind(), writer));
		this.templates = templates;
	}

	TemplateCatalog templates() {
		return this.templates;
	}

	/**
	 * Writes once; a retry first looks for what an earlier attempt left.
	 * @param write the write, given the school's writer and connection
	 * @param lookup the look-up of an earlier attempt by our reference
	 */
	public Delivery deliver(OutboxAction action, BiFunction<MisWriter, ConnectorConfig, MisWritten> write,
			BiFunction<MisWriter, ConnectorConfig, Optional<MisWritten>> lookup) {
		String schoolId = action.planned().school();
		Optional<ConnectorConfig> school = this.schools.find(schoolId);
		if (school.isEmpty()) {
			return Delivery.failed(schoolId + ": no connector file for this school, so no MIS to write to");
		}
		MisWriter writer = this.writers.get(school.get().mis());
		if (writer == null) {
			return Delivery.failed(schoolId + ": nothing writes to " + school.get().mis().id());
		}
		if (action.attempts() > 0) {
			try {
				Optional<MisWritten> earlier = lookup.apply(writer, school.get());
				if (earlier.isPresent()) {
					log.info("{}: action {} was already in the MIS: {}", schoolId, action.reference(),
							earlier.get().misId());
					return Delivery.sent(earlier.get().misId(), earlier.get().detail());
				}
			}
			catch (MisWriteRefused ex) {
				return Delivery.failed(ex.getMessage());
			}
			catch (RuntimeException ex) {
				return Delivery.retryable("cannot look up " + action.reference()
						+ " before writing again, so nothing was written: " + ex.getMessage());
			}
		}
		try {
			MisWritten written = write.apply(writer, school.get());
			log.info("{}: action {} written to the MIS: {}", schoolId, action.reference(), written.misId());
			return Delivery.sent(written.misId(), written.detail());
		}
		catch (MisWriteRefused ex) {
			log.warn("{}: action {} refused: {}", schoolId, action.reference(), ex.getMessage());
			return Delivery.failed(ex.getMessage());
		}
		catch (MisHttpException ex) {
			log.warn("{}: action {} not written: {}", schoolId, action.reference(), ex.getMessage());
			return failedWrite(action, ex);
		}
	}

	/** For an action in doubt: what an earlier attempt left in the MIS, if anything. */
	public Optional<Delivery> find(OutboxAction action,
			BiFunction<MisWriter, ConnectorConfig, Optional<MisWritten>> lookup) {
		Optional<ConnectorConfig> school = this.schools.find(action.planned().school());
		MisWriter writer = school.map((found) -> this.writers.get(found.mis())).orElse(null);
		if (writer == null) {
			return Optional
				.of(Delivery.failed(action.planned().school() + ": no MIS to look " + action.reference() + " up in"));
		}
		try {
			return lookup.apply(writer, school.get()).map((found) -> Delivery.sent(found.misId(), found.detail()));
		}
		catch (MisWriteRefused ex) {
			return Optional.of(Delivery.failed(ex.getMessage()));
		}
	}

	/** The state a write that got no usable answer leaves the action in. */
	static Delivery failedWrite(OutboxAction action, MisHttpException ex) {
		int status = ex.status();
		if (status == 429) {
			return Delivery.rateLimited(ex.getMessage() + ": rate limited, nothing was written");
		}
		if (status >= 500) {
			return Delivery.retryable(
					ex.getMessage() + ": the MIS may or may not have kept it; the next attempt looks it up first");
		}
		if (status == 401 || status == 403) {
			return Delivery.credentialsRefused(ex.getMessage() + ": the MIS refused our credentials");
		}
		if (status >= 400) {
			return Delivery.failed(ex.getMessage());
		}
		if (ex instanceof MisAnswerUnreadable) {
			// The MIS's own API answered: the write may have been kept.
			return Delivery
				.inDoubt(ex.getMessage() + ": the MIS may have kept it; look it up by " + action.reference());
		}
		if (status != 0) {
			// A maintenance page, not the MIS's API: nothing was taken.
			return Delivery.retryable(ex.getMessage());
		}
		if (neverConnected(ex)) {
			return Delivery.retryable(ex.getMessage() + ": the connection never opened, nothing was sent");
		}
		return Delivery
			.inDoubt(ex.getMessage() + ": the request may have arrived; look it up by " + action.reference());
	}

	private static boolean neverConnected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause.getClass().getSimpleName().contains("ConnectTimeout")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
