package org.attendancebridge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.attendancebridge.AttendanceBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark killed outright must not leave its child JVMs behind: a busy child does not
 * read its standard input, so it watches the process that started it.
 */
class ChildJvmEndsWithItsBenchTests {

	@Test
	void aBurstMockWhoseStarterIsKilledEndsThoughItsInputStaysOpen(@TempDir Path folder) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path output = folder.resolve("mock.out");
		// A shell stands for the benchmark: it starts the mock on its own standard input
		// (this test's pipe, open throughout), prints the mock's pid, and waits; then it
		// is
		// killed with SIGKILL.
		String mock = String.join(" ", java, "-Xmx256m", "-cp", "'" + System.getProperty("java.class.path") + "'",
				AttendanceBridge.class.getName(), "bench", "burst-mock", "--schools", "1", "--roll", "20");
		Process starter = new ProcessBuilder("bash", "-c", mock + " <&0 > '" + output + "' 2>&1 & echo $!; wait")
			.start();
		long mockPid;
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(starter.getInputStream(), StandardCharsets.UTF_8))) {
			mockPid = Long.parseLong(lines.readLine().trim());
		}
		ProcessHandle child = ProcessHandle.of(mockPid).orElseThrow();
		try {
			awaitReady(child, output);

			starter.toHandle().destroyForcibly();
			starter.waitFor(10, TimeUnit.SECONDS);

			boolean ended = child.onExit()
				.thenApply(handle -> true)
				.completeOnTimeout(false, 60, TimeUnit.SECONDS)
				.get();
			assertThat(ended).as("the mock JVM ended with the process that started it").isTrue();
		}
		finally {
			child.destroyForcibly();
			starter.getOutputStream().close();
		}
	}

	/** Waits for the mock's ready answer: by then its watch on its starter is set. */
	private static void awaitReady(ProcessHandle jvm, Path output) throws Exception {
		for (int second = 0; second < 120; second++) {
			if (Files.exists(output) && Files.readString(output).contains(ChildJvm.ANSWER + "ready")) {
				return;
			}
			assertThat(jvm.isAlive()).as("the mock JVM is running").isTrue();
			Thread.sleep(1000);
		}
		throw new AssertionError("the mock JVM was not ready within 120 s: " + Files.readString(output));
	}

}
