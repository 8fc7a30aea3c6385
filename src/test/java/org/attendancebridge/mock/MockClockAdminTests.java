package org.attendancebridge.mock;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.attendancebridge.mock.school.SchoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MockClockAdminTests {

	private static MockMis mock;

	private static final MockHttp http = new MockHttp();

	@BeforeAll
	static void start() {
		mock = MockMis.start(
				MockMisOptions.defaults().withSpeed(0).withSchools(List.of(SchoolSpec.defaults().get(0).withRoll(10))));
	}

	@AfterAll
	static void stop() {
		mock.stop();
	}

	private static int mondayRecords() {
		return http
			.get(mock.baseUrl("st-johns") + "/attendance-records?filters.startDatetime.from=2024-11-11",
					"Authorization", MockHttp.basic(MockCredentials.ARBOR_USER, MockCredentials.ARBOR_PASSWORD))
			.json()
			.get("attendanceRecords")
			.size();
	}

	@Test
	void clockStartsOnMondayBeforeTheRegisterAndShowsItsSpeed() {
		mock.clock().set(MockClock.DEFAULT_START, 0);
		JsonNode clock = http.get(mock.baseUrl() + "/__mock/clock").json();
		assertThat(clock.get("london").asText()).startsWith("2024-11-11T08:40");
		assertThat(clock.get("speed").asDouble()).isZero();
	}

	@Test
	void settingTheClockPastRegisterTimeReleasesThatRegister() {
		mock.clock().set(MockClock.DEFAULT_START, 0);
		assertThat(mondayRecords()).isZero();
		JsonNode set = http.post(mock.baseUrl() + "/__mock/clock", "{\"now\":\"2024-11-11T08:51\",\"speed\":0}").json();
		assertThat(set.get("now").asText()).isEqualTo("2024-11-11T08:51:00Z");
		assertThat(mondayRecords()).isEqualTo(10);
		http.post(mock.baseUrl() + "/__mock/clock", "{\"now\":\"2024-11-11T13:21:00Z\"}");
		assertThat(mondayRecords()).isEqualTo(20);
	}

	@Test
	void aFastClockRunsAheadOfRealTime() {
		java.time.Clock real = java.time.Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
		MockClock clock = new MockClock(real, MockClock.DEFAULT_START, 60);
		assertThat(clock.instant()).isEqualTo(MockClock.DEFAULT_START);
		MockClock moving = new MockClock(java.time.Clock.offset(real, java.time.Duration.ZERO), MockClock.DEFAULT_START,
				60);
		assertThat(moving.londonNow()).isEqualTo(LocalDateTime.of(2024, 11, 11, 8, 40));
		assertThat(http.post(mock.baseUrl() + "/__mock/clock", "{\"now\":\"tomorrow\"}").status()).isEqualTo(400);
		assertThat(http.post(mock.baseUrl() + "/__mock/clock", "{\"speed\":-1}").status()).isEqualTo(400);
	}

	@Test
	void aZonedViewKeepsRunningOnTheSimulatedClock() {
		MockClock clock = new MockClock(MockClock.DEFAULT_START, 0);
		java.time.Clock utc = clock.withZone(java.time.ZoneOffset.UTC);
		clock.set(MockClock.DEFAULT_START.plusSeconds(600), 0);
		assertThat(utc.instant()).isEqualTo(MockClock.DEFAULT_START.plusSeconds(600));
		assertThat(utc.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
	}

	@Test
	void schoolsAreListedWithTheirBaseUrls() {
		JsonNode school = http.get(mock.baseUrl() + "/__mock/schools").json().at("/schools/0");
		assertThat(school.get("id").asText()).isEqualTo("st-johns");
		assertThat(school.get("mis").asText()).isEqualTo("arbor");
		assertThat(school.get("baseUrl").asText()).isEqualTo(mock.baseUrl() + "/arbor/st-johns/rest-v2");
	}

}
