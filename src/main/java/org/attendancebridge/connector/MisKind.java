package org.attendancebridge.connector;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The MIS (or aggregator) a school connection speaks to, with the credentials each needs:
 * the connector file names the environment variable that holds each one.
 */
public enum MisKind {

	ARBOR("arbor", List.of("username", "password")),
	SIMS("sims", List.of("clientId", "clientSecret", "subscriptionKey")),
	CLASSCHARTS("classcharts", List.of("username", "password")), WONDE("wonde", List.of("token"));

	private final String id;

	private final List<String> credentials;

	MisKind(String id, List<String> credentials) {
		this.id = id;
		this.credentials = credentials;
	}

	public String id() {
		return this.id;
	}

	/** The credentials a connection of this kind needs, by name. */
	public List<String> credentials() {
		return this.credentials;
	}

	public static Optional<MisKind> of(String id) {
		return Arrays.stream(values()).filter((kind) -> kind.id.equals(id)).findFirst();
	}

}
