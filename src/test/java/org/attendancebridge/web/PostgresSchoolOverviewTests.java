package org.attendancebridge.web;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.TestPostgres;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The school overview tests on a real PostgreSQL 17. */
@Import(MockSchoolClock.class)
class PostgresSchoolOverviewTests extends SchoolOverviewTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ApiTests.properties(registry, MOCK);
		TestPostgres.register(registry, "overview");
	}

}
