package org.attendancebridge.action.cpoms;

import org.attendancebridge.store.TestDatabase;

class H2CpomsChannelTests extends CpomsChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
