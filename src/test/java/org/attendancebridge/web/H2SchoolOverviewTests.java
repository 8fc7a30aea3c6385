package org.attendancebridge.web;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The school overview tests on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2SchoolOverviewTests extends SchoolOverviewTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ApiTests.properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:overview;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
