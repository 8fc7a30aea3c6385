package org.attendancebridge.connector;

import java.time.Clock;
import java.time.LocalDate;
import java.time.MonthDay;

import org.apache.camel.ProducerTemplate;

import org.springframework.stereotype.Component;

/** What every connector needs to reach its MIS: HTTP, credentials and the clock. */
@Component
public class MisConnectors {

	private final ProducerTemplate camel;

	private final Credentials credentials;

	private final Sleeper sleeper;

	private final Clock clock;

	public MisConnectors(ProducerTemplate camel, Credentials credentials,
			org.springframework.beans.factory.ObjectProvider<Sleeper> sleeper, Clock clock) {
		this.camel = camel;
		this.credentials = credentials;
		this.sleeper = sleeper.getIfAvailable(() -> Sleeper.REAL);
		this.clock = clock;
	}

	public MisHttp http(ConnectorConfig school) {
		return new MisHttp(this.camel, school, RetryPolicy.DEFAULTS, this.sleeper);
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
