package org.attendancebridge.store;

import org.attendancebridge.mock.MockMis;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault suite on a real PostgreSQL 17 (a database of its own on the shared embedded
 * server), where a violated constraint aborts the transaction.
 */
@Import({ MockSchoolClock.class, FaultSuiteTests.Waits.class })
class PostgresFaultSuiteTests extends FaultSuiteTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mockProperties(registry, MOCK);
		TestPostgres.register(registry, "faults");
	}

}
