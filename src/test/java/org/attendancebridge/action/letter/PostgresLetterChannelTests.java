package org.attendancebridge.action.letter;

import org.attendancebridge.store.TestDatabase;

class PostgresLetterChannelTests extends LetterChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
