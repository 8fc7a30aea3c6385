package org.attendancebridge.store;

/** The action log's chains on H2 in PostgreSQL mode, the embedded default. */
class H2ActionLogTests extends ActionLogTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
