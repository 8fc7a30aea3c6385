package org.attendancebridge.mock.notify;

import java.time.Duration;

/**
 * How the Notify-shaped gateway behaves.
 *
 * @param serviceId the service id a client's JWT must name as {@code iss}
 * @param secretKey the HS256 key the JWT is signed with (the secret half of an API key)
 * @param requestsPerMinute requests per rolling minute before a 429
 * {@code RateLimitError} (Notify's is 3,000)
 * @param dailyMessageLimit texts per day before a 429 {@code TooManyRequestsError}
 * @param timeToSending how long a text stays {@code created}
 * @param timeToFinal how long after creation a text reaches its final status
 */
public record NotifyConfig(String serviceId, String secretKey, int requestsPerMinute, int dailyMessageLimit,
		Duration timeToSending, Duration timeToFinal) {

	public NotifyConfig {
		if (serviceId == null || serviceId.isBlank() || secretKey == null || secretKey.isBlank()) {
			throw new IllegalArgumentException("a service id and a secret key are required");
		}
		if (timeToFinal.compareTo(timeToSending) < 0) {
			throw new IllegalArgumentException("timeToFinal must not be before timeToSending");
		}
	}

	/** Notify's own limits, with delivery after a few seconds. */
	public static NotifyConfig of(String serviceId, String secretKey) {
		return new NotifyConfig(serviceId, secretKey, 3000, 250_000, Duration.ofSeconds(1), Duration.ofSeconds(5));
	}

	public NotifyConfig withRequestsPerMinute(int limit) {
		return new NotifyConfig(this.serviceId, this.secretKey, limit, this.dailyMessageLimit, this.timeToSending,
				this.timeToFinal);
	}

	public NotifyConfig withDailyMessageLimit(int limit) {
		return new NotifyConfig(this.serviceId, this.secretKey, this.requestsPerMinute, limit, this.timeToSending,
				this.timeToFinal);
	}

	public NotifyConfig withDeliveryTimes(Duration toSending, Duration toFinal) {
		return new NotifyConfig(this.serviceId, this.secretKey, this.requestsPerMinute, this.dailyMessageLimit,
				toSending, toFinal);
	}

	@Override
	public String toString() {
		return "NotifyConfig[serviceId=" + this.serviceId + ", requestsPerMinute=" + this.requestsPerMinute
				+ ", dailyMessageLimit=" + this.dailyMessageLimit + "]";
	}

}
