package org.attendancebridge.action.task;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.TestPostgres;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A completed task moving its review, on a real PostgreSQL 17. */
@Import(MockSchoolClock.class)
class PostgresCompletedTaskReviewTests extends CompletedTaskReviewTests {

	static final MockMis MOCK = startMock();

	@Override
	MockMis mock() {
		return MOCK;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties(registry, MOCK);
		TestPostgres.register(registry, "task_review");
	}

}
