package org.attendancebridge.action.dispatch;

/**
 * What happened to one delivery attempt.
 *
 * @param outcome the state the action moves to
 * @param providerId the provider's id for what was sent (null unless SENT)
 * @param detail why, for the action log: never a name, phone number or UPN
 */
public record Delivery(Outcome outcome, String providerId, String detail) {

	public enum Outcome {

		SENT, RETRYABLE, FAILED, IN_DOUBT

	}

	public static Delivery sent(String providerId, String detail) {
		return new Delivery(Outcome.SENT, providerId, detail);
	}

	public static Delivery retryable(String detail) {
		return new Delivery(Outcome.RETRYABLE, null, detail);
	}

	public static Delivery failed(String detail) {
		return new Delivery(Outcome.FAILED, null, detail);
	}

	public static Delivery inDoubt(String detail) {
		return new Delivery(Outcome.IN_DOUBT, null, detail);
	}

}
