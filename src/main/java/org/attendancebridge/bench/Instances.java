package org.attendancebridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The adapter instances of one run of {@code bench burst}, started side by side on the
 * same database, stopped together.
 */
final class Instances implements AutoCloseable {

	private final List<AdapterInstance> instances;

	private final long startUpMillis;

	private Instances(List<AdapterInstance> instances, long startUpMillis) {
		this.instances = instances;
		this.startUpMillis = startUpMillis;
	}

	/**
	 * Starts {@code count} instances, clustered when more than one, and waits for all.
	 */
	static Instances start(int count, BenchOptions options, String mock, BenchDatabase database) {
		List<AdapterInstance> started = new ArrayList<>();
		try {
			for (int n = 1; n <= count; n++) {
				started.add(AdapterInstance.start("adapter-" + n, options, mock, database, count > 1));
			}
			long slowest = 0;
			for (AdapterInstance instance : started) {
				slowest = Math.max(slowest, instance.awaitReady());
			}
			return new Instances(started, slowest);
		}
		catch (RuntimeException ex) {
			started.forEach(AdapterInstance::close);
			throw ex;
		}
	}

	/** How long the slowest took to start. */
	long startUpMillis() {
		return this.startUpMillis;
	}

	int size() {
		return this.instances.size();
	}

	AdapterInstance get(int index) {
		return this.instances.get(index);
	}

	void each(Consumer<AdapterInstance> action) {
		this.instances.forEach(action);
	}

	@Override
	public void close() {
		this.instances.forEach(AdapterInstance::close);
	}

}
