package org.attendancebridge.action.task;

import org.attendancebridge.store.TestDatabase;

class H2TaskChannelTests extends TaskChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
