package org.attendancebridge.store;

import java.time.Clock;

import org.attendancebridge.mock.MockMis;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault suite on a real PostgreSQL 17 (a database of its own on the shared embedded
 * server), where a violated constraint aborts the transaction.
 */
@Import({ PostgresFaultSuiteTests.SchoolClock.class, FaultSuiteTests.Waits.class })
class PostgresFaultSuiteTests extends FaultSuiteTests {

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
		TestPostgres.register(registry, "faults");
	}

}
