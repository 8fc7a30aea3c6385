package org.attendancebridge.store;

/** The kept register on PostgreSQL, the production database. */
class PostgresRegisterCacheTests extends RegisterCacheTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
