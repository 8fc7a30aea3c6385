package org.attendancebridge.web;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.TestPostgres;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API tests on a real PostgreSQL 17: the paged, filtered queries run there too. */
@Import(MockSchoolClock.class)
class PostgresApiTests extends ApiTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

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
