package org.attendancebridge.web.dashboard;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API tokens page on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2TokenPagesTests extends TokenPagesTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:token-pages;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
