package org.attendancebridge.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a {@code progress:} line every few seconds while a long step runs, so a run of
 * minutes shows it is alive; the line says what the step has done so far.
 */
final class Progress implements AutoCloseable {

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "bench-progress");
		thread.setDaemon(true);
		return thread;
	});

	private Progress(PrintStream out, String step, Supplier<String> done, long seconds) {
		long started = System.nanoTime();
		this.ticker
			.scheduleAtFixedRate(
					() -> out.println("progress: " + step + ": " + done.get() + " after "
							+ Math.round((System.nanoTime() - started) / 1e9) + " s"),
					seconds, seconds, TimeUnit.SECONDS);
	}

	static Progress every(long seconds, PrintStream out, String step, Supplier<String> done) {
		return new Progress(out, step, done, seconds);
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
	}

}
