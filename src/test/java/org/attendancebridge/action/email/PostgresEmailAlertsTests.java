package org.attendancebridge.action.email;

import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.TestPostgres;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Staff alerts by email, on a real PostgreSQL: constraint violations abort its
 * transactions.
 */
@Import(MockSchoolClock.class)
class PostgresEmailAlertsTests extends EmailAlertsTests {

	static final MailedMock MAILED = new MailedMock();

	@Override
	MailedMock mailed() {
		return MAILED;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mailProperties(registry, MAILED);
		TestPostgres.register(registry, "email_alerts");
	}

}
