package org.attendancebridge.action.referral;

import org.attendancebridge.store.TestDatabase;

class PostgresReferralChannelTests extends ReferralChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRES;
	}

}
