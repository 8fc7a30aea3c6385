package org.attendancebridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One embedded PostgreSQL 17 for the whole test run, started on first use and stopped
 * with the JVM; each test class gets a database of its own, so their schools never meet.
 */
public final class TestPostgres {

	private static final Duration SPRING_CLOSE_WAIT = Duration.ofSeconds(60);

	private static EmbeddedPostgres server;

	private TestPostgres() {
	}

	/** A new, empty database; its JDBC URL (user and password {@code postgres}). */
	public static synchronized String database(String name) {
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name);
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create the test database " + name, ex);
		}
		return server.getJdbcUrl("postgres", name);
	}

	/** A data source on a database made by {@link #database(String)}. */
	public static synchronized DataSource dataSource(String name) {
		return server().getDatabase("postgres", name);
	}

	/** Points a Spring test's data source at a new database of its own. */
	public static void register(DynamicPropertyRegistry registry, String name) {
		String url = database(name);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	/**
	 * Stops the server once Spring has closed the cached test contexts: stopped under
	 * them, every context's pool would wait out its connection timeout on the way down,
	 * past the time Surefire gives the JVM to exit. The wait is bounded well inside that
	 * time, so the server is always stopped.
	 */
	private static void stopAfterSpring() {
		try {
			springShutdownHook().ifPresent((hook) -> {
				try {
					hook.join(SPRING_CLOSE_WAIT.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			server.close();
		}
		catch (IOException ex) {
			System.err.println("the embedded PostgreSQL did not stop cleanly: " + ex);
		}
	}

	/**
	 * Spring's hook thread; the JVM starts every hook at once, so it may still be
	 * starting.
	 */
	private static Optional<Thread> springShutdownHook() {
		long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (System.nanoTime() < until) {
			Optional<Thread> hook = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().equals("SpringApplicationShutdownHook"))
				.findFirst();
			if (hook.isPresent()) {
				return hook;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
				Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stopAfterSpring, "test-postgres-stop"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot start the embedded PostgreSQL", ex);
			}
		}
		return server;
	}

}
