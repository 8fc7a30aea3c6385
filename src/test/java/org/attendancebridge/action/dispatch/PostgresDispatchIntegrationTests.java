package org.attendancebridge.action.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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

	static final EmbeddedPostgres postgres = start();

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the embedded PostgreSQL", ex);
		}
	}

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
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

}
