package org.attendancebridge.action.dispatch;

/**
 * What happened to one delivery attempt.
 *
 * @param outcome the state the action moves to
 * @param providerId the provider's id for what was sent (null unless SENT)
 * @param detail why, for the action log: never a name, phone number or UPN
 * @param gateway what the attempt says about the gateway's health
 */
public record Delivery(Outcome outcome, String providerId, String detail, GatewaySign gateway) {

	public enum Outcome {

		SENT, RETRYABLE, FAILED, IN_DOUBT

	}

	/**
	 * What an attempt says about the gateway: it works (it took the action, or answered
	 * properly), it fails (unreachable, an error, no answer, our credentials refused), or
	 * nothing (the action was refused on its own merits, or no call was made).
	 */
	public enum GatewaySign {

		WORKS, FAILS, NOTHING

	}

	public static Delivery sent(String providerId, String detail) {
		return new Delivery(Outcome.SENT, providerId, detail, GatewaySign.WORKS);
	}

	public static Delivery retryable(String detail) {
		return new Delivery(Outcome.RETRYABLE, null, detail, GatewaySign.FAILS);
	}

	/** The gateway asked us to wait (429): it is up, only busy. */
	public static Delivery rateLimited(String detail) {
		return new Delivery(Outcome.RETRYABLE, null, detail, GatewaySign.WORKS);
	}

	public static Delivery failed(String detail) {
		return new Delivery(Outcome.FAILED, null, detail, GatewaySign.NOTHING);
	}

	/**
	 * The gateway refused our credentials: every action will fail until they are fixed.
	 */
	public static Delivery credentialsRefused(String detail) {
		return new Delivery(Outcome.FAILED, null, detail, GatewaySign.FAILS);
	}

	public static Delivery inDoubt(String detail) {
		return new Delivery(Outcome.IN_DOUBT, null, detail, GatewaySign.FAILS);
	}

}
