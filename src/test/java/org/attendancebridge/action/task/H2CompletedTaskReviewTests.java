package org.attendancebridge.action.task;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A completed task moving its review, on H2 in PostgreSQL mode, in memory. */
@Import(MockSchoolClock.class)
class H2CompletedTaskReviewTests extends CompletedTaskReviewTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:task-review;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

}
