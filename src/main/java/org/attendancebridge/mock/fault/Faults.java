package org.attendancebridge.mock.fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The fault switches in force. A switch with a count is used up request by request and
 * then removes itself.
 */
public final class Faults {

	private final List<Active> active = new ArrayList<>();

	public synchronized void add(FaultSwitch fault) {
		this.active.add(new Active(fault, fault.count()));
	}

	public synchronized void clear() {
		this.active.clear();
	}

	public synchronized void clear(String system) {
		this.active.removeIf(a -> a.fault.system().equals(system));
	}

	public synchronized List<FaultSwitch> list() {
		return this.active.stream().map(a -> a.fault.times(a.remaining)).toList();
	}

	/** Uses up one request's worth of the first matching switch of {@code kind}. */
	public Optional<FaultSwitch> take(String system, String school, FaultKind kind) {
		return take(system, school, kind, false);
	}

	/**
	 * The same, for a request that is a write (or not): some switches spoil only writes.
	 */
	public synchronized Optional<FaultSwitch> take(String system, String school, FaultKind kind, boolean write) {
		Iterator<Active> it = this.active.iterator();
		while (it.hasNext()) {
			Active a = it.next();
			if (a.fault.kind() == kind && a.fault.appliesTo(system, school, write)) {
				if (a.fault.count() > 0 && --a.remaining <= 0) {
					it.remove();
				}
				return Optional.of(a.fault);
			}
		}
		return Optional.empty();
	}

	private static final class Active {

		private final FaultSwitch fault;

		private int remaining;

		private Active(FaultSwitch fault, int remaining) {
			this.fault = fault;
			this.remaining = remaining;
		}

	}

}
