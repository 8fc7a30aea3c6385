package org.attendancebridge.day;

import java.time.Clock;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.TestPostgres;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A morning in every demo school, on a real PostgreSQL 17. */
@Import(PostgresDayInASchoolTests.SchoolClock.class)
class PostgresDayInASchoolTests extends DayInASchoolTests {

	static final MockMis MOCK = startMock();

	@TestConfiguration
	static class SchoolClock {

		@Bean
		@Primary
		Clock schoolClock() {
			return MOCK.clock();
		}

	}

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		TestPostgres.register(registry, "day");
	}

}
