package org.attendancebridge.evaluator;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs independent slices of work side by side: one thread per slice but the last, which
 * runs on the caller. (The common fork-join pool has one thread fewer than the cores, so
 * on a 2-core machine it would run the slices one after the other.)
 */
public final class Parallel {

	private Parallel() {
	}

	public static int slices(int items, int minimumPerSlice) {
		return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), items / Math.max(1, minimumPerSlice)));
	}

	public static void run(List<Runnable> slices) {
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < slices.size() - 1; i++) {
			Thread thread = new Thread(slices.get(i), "slice-" + i);
			thread.setUncaughtExceptionHandler((t, ex) -> {
				synchronized (failures) {
					failures.add(ex);
				}
			});
			thread.start();
			threads.add(thread);
		}
		if (!slices.isEmpty()) {
			slices.get(slices.size() - 1).run();
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for a slice", ex);
			}
		}
		synchronized (failures) {
			if (!failures.isEmpty()) {
				if (failures.get(0) instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IllegalStateException(failures.get(0));
			}
		}
	}

}
