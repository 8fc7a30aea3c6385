package org.attendancebridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL 17 for the test classes that share it, started on first use and
 * stopped with the JVM; each class gets a database of its own, so their schools never
 * meet.
 */
final class TestPostgres {

	private static EmbeddedPostgres server;

	private TestPostgres() {
	}

	/** A new, empty database; its JDBC URL (user and password {@code postgres}). */
	static synchronized String database(String name) {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot start the embedded PostgreSQL", ex);
			}
		}
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name);
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create the test database " + name, ex);
		}
		return server.getJdbcUrl("postgres", name);
	}

}
