package org.attendancebridge.action.cpoms;

import org.attendancebridge.store.TestDatabase;

class PostgresCpomsChannelTests extends CpomsChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
