package org.attendancebridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One embedded PostgreSQL 17 for the whole test run, started on first use and stopped
 * with the JVM; each test class gets a database of its own, so their schools never meet.
 */
public final class TestPostgres {

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

	private static EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot start the embedded PostgreSQL", ex);
			}
		}
		return server;
	}

}
