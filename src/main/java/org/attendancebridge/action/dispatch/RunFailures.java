package org.attendancebridge.action.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The errors of the tasks one dispatch run started, side by side: every task is waited
 * for, whatever the others did, and the run then fails with all their errors.
 */
final class RunFailures {

	private final String what;

	private final List<Throwable> errors = new ArrayList<>();

	/**
	 * @param what the tasks, for the message ("sms senders")
	 */
	RunFailures(String what) {
		this.what = what;
	}

	void add(Throwable error) {
		this.errors.add(error);
	}

	/**
	 * Waits for the task to end, even when this thread is interrupted meanwhile (the
	 * interrupt is kept for the caller): a task still running must never be left behind.
	 * @return its result, or empty when it failed (its error is kept)
	 */
	<T> Optional<T> await(Future<T> task) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return Optional.ofNullable(task.get());
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					add(ex.getCause());
					return Optional.empty();
				}
				catch (CancellationException ex) {
					add(ex);
					return Optional.empty();
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Throws the one error there was as it is, or one naming how many there were with
	 * each of them attached (suppressed), so a log of it shows them all.
	 */
	void throwIfAny() {
		if (this.errors.isEmpty()) {
			return;
		}
		if (this.errors.size() == 1) {
			Throwable only = this.errors.get(0);
			if (only instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (only instanceof Error error) {
				throw error;
			}
		}
		IllegalStateException failure = new IllegalStateException(
				"dispatch: " + this.errors.size() + " " + this.what + " failed");
		this.errors.forEach(failure::addSuppressed);
		throw failure;
	}

}
