package org.attendancebridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The heap's high-water mark, from the JVM's memory pools. */
final class PeakHeap {

	private PeakHeap() {
	}

	/**
	 * The sum of every heap pool's peak usage: an upper bound, since the pools need not
	 * peak at the same moment.
	 */
	static long bytes() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
	}

	static void reset() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
				pool.resetPeakUsage();
			}
		}
	}

}
