package org.attendancebridge.action.mis;

import java.time.Clock;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.TestPostgres;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Writing back to the MIS, on a real PostgreSQL: constraint violations abort its
 * transactions.
 */
@Import(PostgresMisChannelsTests.SchoolClock.class)
class PostgresMisChannelsTests extends MisChannelsTests {

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
		TestPostgres.register(registry, "mis_channels");
	}

}
