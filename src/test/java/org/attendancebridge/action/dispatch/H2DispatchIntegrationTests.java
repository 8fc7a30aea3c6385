package org.attendancebridge.action.dispatch;

import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Dispatch on H2 in PostgreSQL mode, the embedded default, in memory. */
@Import({ MockSchoolClock.class, TextGate.class })
class H2DispatchIntegrationTests extends DispatchIntegrationTests {

	static final Gateway GATEWAY = new Gateway();

	@Override
	Gateway gateway() {
		return GATEWAY;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		gatewayProperties(registry, GATEWAY);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:dispatch;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
