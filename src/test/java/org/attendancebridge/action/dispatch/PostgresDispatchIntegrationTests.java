package org.attendancebridge.action.dispatch;

import java.time.Clock;

import org.attendancebridge.store.TestPostgres;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dispatch on a real PostgreSQL 17: row locks, SKIP LOCKED and aborted transactions as
 * production has them.
 */
@Import(PostgresDispatchIntegrationTests.SchoolClock.class)
class PostgresDispatchIntegrationTests extends DispatchIntegrationTests {

	static final Gateway GATEWAY = new Gateway();

	@TestConfiguration
	static class SchoolClock {

		@Bean
		@Primary
		Clock schoolClock() {
			return GATEWAY.mock.clock();
		}

	}

	@Override
	Gateway gateway() {
		return GATEWAY;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		gatewayProperties(registry, GATEWAY);
		TestPostgres.register(registry, "dispatch");
	}

}
