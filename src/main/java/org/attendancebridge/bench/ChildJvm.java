package org.attendancebridge.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.attendancebridge.AttendanceBridge;

/**
 * Another JVM on this program, started by a benchmark so that what it measures runs in a
 * process of its own (its own heap): the same {@code java}, the same jar or class path, a
 * {@code bench} subcommand. The two speak in lines: commands on the child's standard
 * input, answers on its standard output after {@link #ANSWER}; every other line it prints
 * (its log) goes to a file, whose end is quoted if the child fails. A child ends when its
 * standard input closes, so none outlives a benchmark that was killed.
 */
final class ChildJvm implements AutoCloseable {

	/** What starts an answer line; anything else the child prints is its log. */
	static final String ANSWER = "@bench ";

	private final String name;

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

	private final Path log;

	private final Deque<String> lastLines = new ArrayDeque<>();

	private volatile boolean failed;

	private ChildJvm(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
		Thread reader = new Thread(this::read, name + "-output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts {@code bench <args>} in a new JVM with at most {@code heap} of heap (as
	 * {@code -Xmx} takes it), these environment variables added to ours.
	 */
	static ChildJvm start(String name, String heap, List<String> args, Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.add("-Xmx" + heap);
		String classPath = System.getProperty("java.class.path");
		if (isBootJar(classPath)) {
			command.addAll(List.of("-jar", classPath));
		}
		else {
			command.addAll(List.of("-cp", classPath, AttendanceBridge.class.getName()));
		}
		command.add("bench");
		command.addAll(args);
		try {
			Path log = Files.createTempFile("attendance-bridge-bench-" + name + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(environment);
			return new ChildJvm(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the " + name + " JVM", ex);
		}
	}

	/** {@code java -jar} of the packaged jar: its manifest names a start class. */
	private static boolean isBootJar(String classPath) {
		if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
			return false;
		}
		try (JarFile jar = new JarFile(classPath)) {
			return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void read() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer file = Files.newBufferedWriter(this.log)) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				if (line.startsWith(ANSWER)) {
					this.answers.add(line.substring(ANSWER.length()));
					continue;
				}
				file.write(line);
				file.write('\n');
				file.flush();
				synchronized (this.lastLines) {
					this.lastLines.addLast(line);
					if (this.lastLines.size() > 20) {
						this.lastLines.removeFirst();
					}
				}
			}
		}
		catch (IOException ex) {
			// The child is gone; await() reports it.
		}
	}

	/** Sends one command line. */
	void send(String command) {
		try {
			this.commands.write(command);
			this.commands.write('\n');
			this.commands.flush();
		}
		catch (IOException ex) {
			throw failure("cannot take the command '" + command + "'");
		}
	}

	/**
	 * The child's next answer.
	 * @throws IllegalStateException when none comes within {@code timeout}, or the child
	 * ended, quoting the end of its log
	 */
	String await(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (true) {
				String answer = this.answers.poll(200, TimeUnit.MILLISECONDS);
				if (answer != null) {
					return answer;
				}
				if (!this.process.isAlive() && this.answers.isEmpty()) {
					throw failure("ended (exit " + this.process.exitValue() + ")");
				}
				if (System.nanoTime() > deadline) {
					throw failure("gave no answer within " + timeout.toSeconds() + " s");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure("was interrupted");
		}
	}

	/** Sends a command and returns its answer. */
	String ask(String command, Duration timeout) {
		send(command);
		return await(timeout);
	}

	private IllegalStateException failure(String what) {
		this.failed = true;
		String tail;
		synchronized (this.lastLines) {
			tail = String.join("\n  ", this.lastLines);
		}
		return new IllegalStateException("the " + this.name + " JVM " + what + "; its log is " + this.log
				+ (tail.isEmpty() ? "" : ", ending:\n  " + tail));
	}

	/** Closes its standard input (it ends by itself), then stops it if it lingers. */
	@Override
	public void close() {
		try {
			this.commands.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroy();
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		if (!this.failed) {
			try {
				Files.deleteIfExists(this.log);
			}
			catch (IOException ex) {
				// A log left in the temporary folder is no reason to fail the run.
			}
		}
	}

	/** A child's answer to its parent, on its standard output. */
	/**
	 * Called by a child as it starts: it ends when the benchmark that started it ends,
	 * even while it is busy with a command and not reading its standard input (a killed
	 * benchmark would otherwise leave it polling a mock that is gone). It halts rather
	 * than exits, as a busy adapter's shutdown would wait for work whose answers nobody
	 * will read.
	 */
	static void endWithParent() {
		ProcessHandle.current()
			.parent()
			.ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
	}

	static void answer(java.io.PrintStream out, String answer) {
		out.println(ANSWER + answer);
		out.flush();
	}

}
