package org.attendancebridge.store;

import org.attendancebridge.mock.MockMis;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The poll tests on a real PostgreSQL (17, from Maven Central's binaries, started once
 * per test run): constraint violations abort a PostgreSQL transaction, which H2 would
 * hide.
 */
@Import(MockSchoolClock.class)
class PostgresPollIntegrationTests extends PollIntegrationTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		TestPostgres.register(registry, "polls");
	}

}
