package org.attendancebridge.action.letter;

import org.attendancebridge.store.TestDatabase;

class H2LetterChannelTests extends LetterChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
