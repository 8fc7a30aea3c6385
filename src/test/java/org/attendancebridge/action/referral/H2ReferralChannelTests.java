package org.attendancebridge.action.referral;

import org.attendancebridge.store.TestDatabase;

class H2ReferralChannelTests extends ReferralChannelTests {

	@Override
	TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
