package org.attendancebridge.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;

import org.apache.camel.ProducerTemplate;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What every connector needs to reach its MIS: HTTP, credentials and the clock. */
@Component
public class MisConnectors {

	private final ProducerTemplate camel;

	private final Credentials credentials;

	private final Sleeper sleeper;

	private final Clock clock;

	private final RetryPolicy retry;

	private final Duration responseTimeout;

	/**
	 * @param retry the retry policy and {@code Retry-After} cap; the defaults unless a
	 * {@link RetryPolicy} bean is given
	 * @param responseTimeoutMillis how long a MIS may take to answer
	 */
	public MisConnectors(ProducerTemplate camel, Credentials credentials,
			org.springframework.beans.factory.ObjectProvider<Sleeper> sleeper, Clock clock,
			org.springframework.beans.factory.ObjectProvider<RetryPolicy> retry,
			@Value("${attendance-bridge.mis.response-timeout-millis:30000}") long responseTimeoutMillis) {
		this.camel = camel;
		// Here, while the adapter starts on one thread, not on a poll's first connection.
		MisHttp.prepare(camel.getCamelContext());
		this.credentials = credentials;
		this.sleeper = sleeper.getIfAvailable(() -> Sleeper.REAL);
		this.clock = clock;
		this.retry = retry.getIfAvailable(() -> RetryPolicy.DEFAULTS);
		this.responseTimeout = Duration.ofMillis(responseTimeoutMillis);
	}

	public MisHttp http(ConnectorConfig school) {
		return new MisHttp(this.camel, school, this.retry, this.sleeper, this.responseTimeout);
	}

	/**
	 * HTTP for a write: one try, since a write that may have arrived must be looked up,
	 * not sent again. A 401 still renews the token or session once (nothing was written).
	 */
	public MisHttp writeHttp(ConnectorConfig school) {
		return new MisHttp(this.camel, school, new RetryPolicy(1, this.retry.base(), this.retry.cap()), this.sleeper,
				this.responseTimeout);
	}

	public String secret(ConnectorConfig school, String credential) {
		return this.credentials.get(school, credential);
	}

	/** Today in the school's time zone. */
	public LocalDate today(ConnectorConfig school) {
		return this.clock.instant().atZone(school.timeZone()).toLocalDate();
	}

	/** The first day of the current academic year: where a full read starts. */
	public LocalDate yearStart(ConnectorConfig school) {
		LocalDate today = today(school);
		LocalDate start = MonthDay.of(8, 1).atYear(today.getYear());
		return today.isBefore(start) ? start.minusYears(1) : start;
	}

}
