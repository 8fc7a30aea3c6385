package org.attendancebridge.web.security;

import java.time.Instant;
import java.util.List;

/**
 * A machine's API token as it is listed: never the token itself, which is shown once when
 * it is made and kept only as a hash.
 *
 * @param schools the school ids it may see, or {@code all}
 * @param lastUsedAt when it last opened a request (to the minute), null if never
 * @param revokedAt when it was revoked, null while it works
 */
public record ApiToken(long id, String name, Role role, List<String> schools, Instant createdAt, String createdBy,
		Instant lastUsedAt, Instant revokedAt, String revokedBy) {

	public ApiToken {
		schools = List.copyOf(schools);
	}

	public boolean revoked() {
		return this.revokedAt != null;
	}

	/** The name requests made with it carry in the logs and the action log. */
	public String principal() {
		return ApiTokenAuthentication.PRINCIPAL_PREFIX + this.name;
	}

}
