package org.attendancebridge.mock;

import java.util.Optional;

/**
 * The fault currently switched on for one mock system, shared by its Java API and admin
 * call.
 */
public final class FaultSwitch {

	private MockFault fault;

	private int remaining;

	public synchronized void set(MockFault fault) {
		this.fault = fault;
		this.remaining = fault.times();
	}

	public synchronized void clear() {
		this.fault = null;
	}

	public synchronized Optional<MockFault> current() {
		return Optional.ofNullable(this.fault);
	}

	/** The fault to play on this write, counting it against a limited fault's budget. */
	public synchronized Optional<MockFault> takeForWrite() {
		MockFault taken = this.fault;
		if (taken != null && taken.times() > 0 && --this.remaining <= 0) {
			this.fault = null;
		}
		return Optional.ofNullable(taken);
	}

}
