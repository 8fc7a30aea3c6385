package org.attendancebridge.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

/**
 * The heap's high-water mark. The heap in use only grows between collections, so its
 * peaks come just before them: each collection's report of the heap pools' usage before
 * it ran, added up at that one moment, gives the peak exactly (not the pools' own peaks
 * added up, which come at different moments and overstate it).
 */
final class PeakHeap {

	private static final AtomicLong PEAK = new AtomicLong();

	private static final AtomicLong KEPT = new AtomicLong();

	private static boolean listening;

	private PeakHeap() {
	}

	/** The most heap in use at any one moment since {@link #reset()}. */
	static long bytes() {
		return PEAK.accumulateAndGet(inUse(), Math::max);
	}

	/**
	 * The most heap any collection left in use since {@link #reset()}: an upper bound on
	 * what the work kept at that moment (a young collection leaves the old generation's
	 * garbage in place), where the peak is mostly how far the collector let the heap fill
	 * towards its limit before collecting.
	 */
	static long keptBytes() {
		return KEPT.get();
	}

	/** Starts counting from the heap in use now. */
	static synchronized void reset() {
		if (!listening) {
			Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter((pool) -> pool.getType() == MemoryType.HEAP)
				.map(MemoryPoolMXBean::getName)
				.collect(Collectors.toSet());
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				if (collector instanceof NotificationEmitter emitter) {
					emitter.addNotificationListener((notification, handback) -> {
						if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
							.equals(notification.getType())) {
							GcInfo info = GarbageCollectionNotificationInfo
								.from((CompositeData) notification.getUserData())
								.getGcInfo();
							PEAK.accumulateAndGet(used(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
							KEPT.accumulateAndGet(used(info.getMemoryUsageAfterGc(), heapPools), Math::max);
						}
					}, null, null);
				}
			}
			listening = true;
		}
		PEAK.set(inUse());
		KEPT.set(0);
	}

	private static long used(Map<String, MemoryUsage> pools, Set<String> heapPools) {
		return pools.entrySet()
			.stream()
			.filter((pool) -> heapPools.contains(pool.getKey()))
			.mapToLong((pool) -> pool.getValue().getUsed())
			.sum();
	}

	private static long inUse() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
