package org.attendancebridge.action.sms;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Quiet hours on the school's own clock, across midnight and the clocks changing. */
class QuietHoursTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final LocalTime FROM = LocalTime.of(21, 0);

	private static final LocalTime UNTIL = LocalTime.of(7, 0);

	private static ZonedDateTime at(String local) {
		return LocalDateTime.parse(local).atZone(LONDON);
	}

	@Test
	void anEveningTextWaitsForSevenTheNextMorning() {
		assertThat(SmsPacing.quietUntil(at("2024-11-11T21:00"), FROM, UNTIL))
			.contains(at("2024-11-12T07:00").toInstant());
		assertThat(SmsPacing.quietUntil(at("2024-11-12T06:59"), FROM, UNTIL))
			.contains(at("2024-11-12T07:00").toInstant());
	}

	@Test
	void theDayIsNotQuiet() {
		assertThat(SmsPacing.quietUntil(at("2024-11-11T07:00"), FROM, UNTIL)).isEmpty();
		assertThat(SmsPacing.quietUntil(at("2024-11-11T20:59"), FROM, UNTIL)).isEmpty();
	}

	@Test
	void sevenOClockIsTheSchoolsSevenWhenTheClocksGoBack() {
		// 27 October 2024: BST ends at 02:00; 07:00 is then 07:00 GMT.
		assertThat(SmsPacing.quietUntil(at("2024-10-26T22:00"), FROM, UNTIL))
			.contains(at("2024-10-27T07:00").toInstant());
		assertThat(at("2024-10-27T07:00").toInstant().toString()).isEqualTo("2024-10-27T07:00:00Z");
	}

	@Test
	void aDaytimeQuietWindowWorksToo() {
		assertThat(SmsPacing.quietUntil(at("2024-11-11T12:30"), LocalTime.of(12, 0), LocalTime.of(13, 0)))
			.contains(at("2024-11-11T13:00").toInstant());
		assertThat(SmsPacing.quietUntil(at("2024-11-11T13:00"), LocalTime.of(12, 0), LocalTime.of(13, 0))).isEmpty();
	}

}
