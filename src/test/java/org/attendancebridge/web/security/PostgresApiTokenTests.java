package org.attendancebridge.web.security;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.TestPostgres;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API tokens on a real PostgreSQL 17: a taken name is refused there too. */
@Import(MockSchoolClock.class)
class PostgresApiTokenTests extends ApiTokenTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		TestPostgres.register(registry, "api_tokens");
	}

}
