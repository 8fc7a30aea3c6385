package org.attendancebridge.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;

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
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

}
