package org.attendancebridge.connector;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/**
 * What the payload fuzz properties of every MIS draw from: a change anywhere in an
 * answer, or inside one record of a list.
 */
public abstract class PayloadFuzzing {

	@Provide
	protected Arbitrary<PayloadMutation> mutations() {
		return PayloadMutation.any();
	}

	@Provide
	protected Arbitrary<PayloadMutation> recordMutations() {
		return PayloadMutation.inRecord();
	}

}
