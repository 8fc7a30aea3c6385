package org.attendancebridge.action.dispatch;

import org.attendancebridge.store.TestPostgres;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dispatch on a real PostgreSQL 17: row locks, SKIP LOCKED and aborted transactions as
 * production has them.
 */
@Import({ MockSchoolClock.class, TextGate.class })
class PostgresDispatchIntegrationTests extends DispatchIntegrationTests {

	static final Gateway GATEWAY = new Gateway();

	@Override
	Gateway gateway() {
		return GATEWAY;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		gatewayProperties(registry, GATEWAY);
		TestPostgres.register(registry, "dispatch");
	}

}
