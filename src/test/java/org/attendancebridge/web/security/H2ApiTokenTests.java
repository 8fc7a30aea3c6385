package org.attendancebridge.web.security;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API tokens on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2ApiTokenTests extends ApiTokenTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:api-tokens;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
