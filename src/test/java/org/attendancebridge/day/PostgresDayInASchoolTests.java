package org.attendancebridge.day;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.TestPostgres;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A morning in every demo school, on a real PostgreSQL 17. */
@Import(MockSchoolClock.class)
class PostgresDayInASchoolTests extends DayInASchoolTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		TestPostgres.register(registry, "day");
	}

}
