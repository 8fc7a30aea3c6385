package org.attendancebridge.store;

import org.attendancebridge.mock.MockMis;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The fault suite on H2 in PostgreSQL mode, in memory. */
@Import({ MockSchoolClock.class, FaultSuiteTests.Waits.class })
class H2FaultSuiteTests extends FaultSuiteTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:faults;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
