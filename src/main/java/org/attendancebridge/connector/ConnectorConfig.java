package org.attendancebridge.connector;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.model.DfeCode;

/**
 * One school's connection, as read from {@code connectors/<id>.yaml}: which MIS, where,
 * the environment variables that hold its credentials (never the secrets themselves),
 * when to poll, which policy to run, staff for roles the MIS does not provide, and the
 * school's own register codes.
 *
 * @param id the school's id, the file name without {@code .yaml}
 * @param name the school's name, for people
 * @param mis the MIS kind
 * @param baseUrl the API's base URL, placeholders resolved
 * @param credentials credential name → environment variable that holds it
 * @param policy the id of the school's policy in {@code policies/}
 * @param timeZone the school's time zone (registers are kept in it)
 * @param schedule when to poll
 * @param roles role → staff ids (or email addresses), for the roles the MIS does not
 * provide (see {@link StaffRoles})
 * @param codeAliases the school's own code → DfE code
 * @param enabled whether the adapter polls it
 * @param allowPrivateNetwork whether a private or plain-http address is allowed (never
 * for a real school's MIS)
 * @param source the file it was read from
 * @param dispatch how the school's actions go out (dry run, approvals, the SMS breaker,
 * how staff alerts are delivered)
 * @param staffEmails staff id → the email address alerts to them go to, for staff whose
 * id is not itself an address ({@code {staff: ..., email: ...}} in {@code roles:})
 */
public record ConnectorConfig(String id, String name, MisKind mis, URI baseUrl, Map<String, String> credentials,
		String policy, ZoneId timeZone, PollSchedule schedule, Map<String, List<String>> roles,
		Map<String, DfeCode> codeAliases, boolean enabled, boolean allowPrivateNetwork, Path source, Dispatch dispatch,
		Map<String, String> staffEmails) {

	/** A school's time zone when its connector file names none: schools in England. */
	public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Europe/London");

	public ConnectorConfig {
		// Copies that keep the file's order, for messages people read.
		credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
		roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
		codeAliases = Collections.unmodifiableMap(new LinkedHashMap<>(codeAliases));
		dispatch = (dispatch == null) ? Dispatch.DEFAULTS : dispatch;
		staffEmails = (staffEmails == null) ? Map.of() : Map.copyOf(staffEmails);
	}

	/** A connection with the default dispatch settings. */
	public ConnectorConfig(String id, String name, MisKind mis, URI baseUrl, Map<String, String> credentials,
			String policy, ZoneId timeZone, PollSchedule schedule, Map<String, List<String>> roles,
			Map<String, DfeCode> codeAliases, boolean enabled, boolean allowPrivateNetwork, Path source) {
		this(id, name, mis, baseUrl, credentials, policy, timeZone, schedule, roles, codeAliases, enabled,
				allowPrivateNetwork, source, Dispatch.DEFAULTS, Map.of());
	}

	/** How a school's staff alerts are delivered ({@code dispatch.alerts}). */
	public enum AlertDelivery {

		/**
		 * A note or follow-up in the school's MIS, addressed to the staff (the default).
		 */
		MIS,
		/** An email to each member of staff in the role who has an address. */
		EMAIL;

		public String id() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * The school's dispatch settings ({@code dispatch:} in its connector file).
	 *
	 * @param dryRun every action is proposed, none sent
	 * @param dryRunKinds the action kinds proposed and never sent ({@code letter}, ...)
	 * @param approve the action kinds that wait for an operator's approval
	 * @param smsBreakerShare the share of the roll one dispatch run may text before SMS
	 * halts for the school; null for the adapter's default
	 * @param schoolPhone the number texts ask parents to call (the school office)
	 * @param alerts how staff alerts are delivered: into the MIS, by email, or both (the
	 * MIS first)
	 */
	public record Dispatch(boolean dryRun, Set<String> dryRunKinds, Set<String> approve, Double smsBreakerShare,
			String schoolPhone, Set<AlertDelivery> alerts) {

		public static final Dispatch DEFAULTS = new Dispatch(false, Set.of(), Set.of(), null, null,
				Set.of(AlertDelivery.MIS));

		public Dispatch {
			dryRunKinds = Set.copyOf(dryRunKinds);
			approve = Set.copyOf(approve);
			alerts = (alerts == null || alerts.isEmpty()) ? Set.of(AlertDelivery.MIS)
					: Collections.unmodifiableSet(java.util.EnumSet.copyOf(alerts));
		}

		/** Whether actions of this kind are proposed only, never sent. */
		public boolean dryRun(String kind) {
			return this.dryRun || this.dryRunKinds.contains(kind);
		}

	}

	/** Secrets are never part of a config; this names only the variables. */
	@Override
	public String toString() {
		return "ConnectorConfig[" + this.id + ", " + this.mis.id() + ", " + this.baseUrl + ", policy " + this.policy
				+ "]";
	}

}
