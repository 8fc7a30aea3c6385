package org.attendancebridge.mock.fault;

/**
 * The faults a simulated system can be switched into. The transport ones answer a request
 * in place of the system; the data ones change what a paged list or the school's
 * registers look like.
 */
public enum FaultKind {

	/** 429 with {@code Retry-After}. */
	RATE_LIMIT("rate-limit", true),
	/** A 5xx: 500, 502 or 503 ({@code status}, 503 by default). */
	SERVER_ERROR("server-error", true),
	/** The connection is reset before any response. */
	CONNECTION_RESET("connection-reset", true),
	/** The answer comes, but only after {@code delayMillis}. */
	SLOW("slow", true),
	/** A 200 whose body is an HTML maintenance page instead of the API's own. */
	MAINTENANCE_PAGE("maintenance-page", true),
	/** The token or session stops working: the client has to sign in again. */
	TOKEN_EXPIRY("token-expiry", true),
	/** A paged list repeats the last items of one page at the top of the next. */
	DUPLICATE_ACROSS_PAGES("duplicate-across-pages", false),
	/** Wonde says {@code more: true} and gives no {@code next}. */
	MORE_WITHOUT_NEXT("more-without-next", false),
	/** Marks of the last 7 days are corrected now, each with a new revision. */
	LATE_CORRECTIONS("late-corrections", false),
	/** A pupil is deleted now and restored later ({@code restoreAfterMinutes}). */
	DELETED_RESTORED_PUPIL("deleted-restored-pupil", false),
	/** A recent mark gets a code the MIS's code table does not have. */
	UNKNOWN_CODE("unknown-code", false);

	private final String id;

	private final boolean transport;

	FaultKind(String id, boolean transport) {
		this.id = id;
		this.transport = transport;
	}

	public String id() {
		return this.id;
	}

	public boolean isTransport() {
		return this.transport;
	}

	/** Whether switching it on changes the school at once rather than later answers. */
	public boolean isEvent() {
		return this == LATE_CORRECTIONS || this == DELETED_RESTORED_PUPIL || this == UNKNOWN_CODE;
	}

	public static FaultKind of(String id) {
		for (FaultKind kind : values()) {
			if (kind.id.equals(id) || kind.name().equalsIgnoreCase(id)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("unknown fault '" + id + "'");
	}

}
