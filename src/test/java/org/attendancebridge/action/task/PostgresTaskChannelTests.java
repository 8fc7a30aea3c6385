package org.attendancebridge.action.task;

import org.attendancebridge.store.TestDatabase;

class PostgresTaskChannelTests extends TaskChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
