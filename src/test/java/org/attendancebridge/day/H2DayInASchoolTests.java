package org.attendancebridge.day;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A morning in every demo school, on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2DayInASchoolTests extends DayInASchoolTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:day-in-a-school;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
