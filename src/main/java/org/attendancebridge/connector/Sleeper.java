package org.attendancebridge.connector;

import java.time.Duration;

/** Waits between retries; a bean, so tests can make waits instant. */
@FunctionalInterface
public interface Sleeper {

	Sleeper REAL = (duration) -> Thread.sleep(duration.toMillis());

	void sleep(Duration duration) throws InterruptedException;

}
