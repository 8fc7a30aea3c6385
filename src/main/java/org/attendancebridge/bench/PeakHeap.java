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

/**
 * The heap's high-water mark. The heap in use only grows between collections, so its
 * peaks come just before them: each collection's report of the heap pools' usage before
 * it ran, added up at that one moment, gives the peak exactly (not the pools' own peaks
 * added up, which come at different moments and overstate it).
 */
final class PeakHeap {

	private static final AtomicLong PEAK = new AtomicLong();

	private static final AtomicLong FULL_COLLECTIONS = new AtomicLong();

	private static boolean listening;

	private PeakHeap() {
	}

	/** The most heap in use at any one moment since {@link #reset()}. */
	static long bytes() {
		return PEAK.accumulateAndGet(inUse(), Math::max);
	}

	/**
	 * Full collections since {@link #reset()}: the collector's last resort when its young
	 * and mixed collections cannot free enough, so none means the heap never ran short
	 * (the peak alone is mostly how far the collector let it fill before collecting).
	 */
	static long fullCollections() {
		return FULL_COLLECTIONS.get();
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
							GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
								.from((CompositeData) notification.getUserData());
							PEAK.accumulateAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc(), heapPools),
									Math::max);
							if (info.getGcAction().equals("end of major GC")) {
								FULL_COLLECTIONS.incrementAndGet();
							}
						}
					}, null, null);
				}
			}
			listening = true;
		}
		PEAK.set(inUse());
		FULL_COLLECTIONS.set(0);
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
