package org.attendancebridge.web;

import java.time.Clock;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.TestPostgres;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API tests on a real PostgreSQL 17: the paged, filtered queries run there too. */
@Import(PostgresApiTests.SchoolClock.class)
class PostgresApiTests extends ApiTests {

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
		TestPostgres.register(registry, "api");
	}

}
