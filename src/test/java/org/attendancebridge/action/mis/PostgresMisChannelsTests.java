package org.attendancebridge.action.mis;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.TestPostgres;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Writing back to the MIS, on a real PostgreSQL: constraint violations abort its
 * transactions.
 */
@Import(MockSchoolClock.class)
class PostgresMisChannelsTests extends MisChannelsTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		TestPostgres.register(registry, "mis_channels");
	}

}
