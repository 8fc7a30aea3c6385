package org.attendancebridge.action.email;

import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Staff alerts by email, on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2EmailAlertsTests extends EmailAlertsTests {

	static final MailedMock MAILED = new MailedMock();

	@Override
	MailedMock mailed() {
		return MAILED;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		mailProperties(registry, MAILED);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:email-alerts;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
