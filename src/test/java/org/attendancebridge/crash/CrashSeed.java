package org.attendancebridge.crash;

import java.util.Random;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The seed a crash test draws its kill points and faults from: {@code -Dcrash.seed=N}
 * replays a run, otherwise a new one is chosen. Either way it is printed when the test
 * starts and again if it fails, with the command line that replays it.
 *
 * @param value the seed
 */
record CrashSeed(long value) {

	static final String PROPERTY = "crash.seed";

	/**
	 * A generator for one concern of the test, so adding one draws nothing from another.
	 */
	Random random(String concern) {
		return new Random(this.value * 31 + concern.hashCode());
	}

	String replay(String test) {
		return "crash seed " + this.value + " (replay: ./mvnw -B -ntp test -Dtest='" + test + "' -D" + PROPERTY + "="
				+ this.value + ")";
	}

	/** Hands a test method its seed, and repeats it when the test fails. */
	static final class Extension implements ParameterResolver, TestWatcher {

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == CrashSeed.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			CrashSeed seed = seed(context);
			System.out.println(seed.replay(name(context)));
			return seed;
		}

		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			System.err.println("FAILED with " + seed(context).replay(name(context)));
		}

		private static CrashSeed seed(ExtensionContext context) {
			return context.getStore(ExtensionContext.Namespace.create(CrashSeed.class))
				.getOrComputeIfAbsent("seed", (key) -> {
					String given = System.getProperty(PROPERTY);
					return new CrashSeed((given == null || given.isBlank()) ? new Random().nextInt(1_000_000)
							: Long.parseLong(given.trim()));
				}, CrashSeed.class);
		}

		private static String name(ExtensionContext context) {
			return context.getRequiredTestClass().getSimpleName() + "#" + context.getRequiredTestMethod().getName();
		}

	}

}
