package org.attendancebridge.store;

/** The action log's chains on a real PostgreSQL 17, where locks and aborts are real. */
class PostgresActionLogTests extends ActionLogTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
