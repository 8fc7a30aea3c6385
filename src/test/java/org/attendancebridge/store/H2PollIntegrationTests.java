package org.attendancebridge.store;

import org.attendancebridge.mock.MockMis;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The poll tests on H2 in PostgreSQL mode, the embedded default, in memory. */
@Import(MockSchoolClock.class)
class H2PollIntegrationTests extends PollIntegrationTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:polls;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
