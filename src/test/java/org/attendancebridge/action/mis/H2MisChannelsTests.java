package org.attendancebridge.action.mis;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Writing back to the MIS, on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2MisChannelsTests extends MisChannelsTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mis-channels;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
