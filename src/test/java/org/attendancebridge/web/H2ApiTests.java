package org.attendancebridge.web;

import java.time.Clock;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API tests on H2 in PostgreSQL mode, in memory. */
@Import(H2ApiTests.SchoolClock.class)
class H2ApiTests extends ApiTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

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
		properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
