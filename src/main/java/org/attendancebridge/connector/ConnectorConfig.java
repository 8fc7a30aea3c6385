package org.attendancebridge.connector;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param roles role → staff ids, where the MIS has no such role
 * @param codeAliases the school's own code → DfE code
 * @param enabled whether the adapter polls it
 * @param allowPrivateNetwork whether a private or plain-http address is allowed (never
 * for a real school's MIS)
 * @param source the file it was read from
 */
public record ConnectorConfig(String id, String name, MisKind mis, URI baseUrl, Map<String, String> credentials,
		String policy, ZoneId timeZone, PollSchedule schedule, Map<String, List<String>> roles,
		Map<String, DfeCode> codeAliases, boolean enabled, boolean allowPrivateNetwork, Path source) {

	public ConnectorConfig {
		// Copies that keep the file's order, for messages people read.
		credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
		roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
		codeAliases = Collections.unmodifiableMap(new LinkedHashMap<>(codeAliases));
	}

	/** Secrets are never part of a config; this names only the variables. */
	@Override
	public String toString() {
		return "ConnectorConfig[" + this.id + ", " + this.mis.id() + ", " + this.baseUrl + ", policy " + this.policy
				+ "]";
	}

}
