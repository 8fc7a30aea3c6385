package org.attendancebridge.web.dashboard;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.TestPostgres;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API tokens page on a real PostgreSQL 17. */
@Import(MockSchoolClock.class)
class PostgresTokenPagesTests extends TokenPagesTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		TestPostgres.register(registry, "token_pages");
	}

}
