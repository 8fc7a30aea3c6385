package org.attendancebridge.store;

/** The kept register on H2 in PostgreSQL mode, the embedded default. */
class H2RegisterCacheTests extends RegisterCacheTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
