package org.attendancebridge.web.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Machines' API tokens (table {@code api_token}): made with a role and schools, kept only
 * as the SHA-256 of the token, listed without it, and revoked (a revoked token stays
 * listed and is refused). Used by the API, the security filter and the {@code token}
 * command, so it depends on nothing but the database and a clock.
 */
public class ApiTokenStore {

	/**
	 * The maker recorded for a token made on the command line, by whoever runs the
	 * server.
	 */
	public static final String COMMAND_LINE = "command line";

	/** A token just made: the only time the token itself is seen. */
	public record Created(ApiToken token, String secret) {

		@Override
		public String toString() {
			return "Created[" + this.token + "]";
		}

	}

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern SCHOOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final String COLUMNS = "select id, name, role, schools, created_at, created_by, last_used_at, "
			+ "revoked_at, revoked_by from api_token ";

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	public ApiTokenStore(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Makes a token. Bad input is an {@link IllegalArgumentException} naming the field: a
	 * name that is not 1 to 64 letters, digits, dots, dashes or underscores, or is taken
	 * (names are never reused, so the logs name one token for good); an unknown role; no
	 * schools, or {@code all} beside others.
	 */
	public Created create(String name, String role, List<String> schools, String createdBy) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("name: '" + name + "' is not 1 to 64 letters, digits, '.', '-' or '_'");
		}
		Role parsed = Role.of(role);
		List<String> scope = schools(schools);
		String secret = ApiTokenSecret.generate();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		MapSqlParameterSource row = new MapSqlParameterSource().addValue("name", name)
			.addValue("hash", ApiTokenSecret.hash(secret))
			.addValue("role", parsed.name())
			.addValue("schools", String.join(",", scope))
			.addValue("now", utc(now))
			.addValue("by", createdBy);
		KeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc.update("insert into api_token (name, token_hash, role, schools, created_at, created_by) "
					+ "values (:name, :hash, :role, :schools, :now, :by)", row, key, new String[] { "id" });
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalArgumentException(
					"name: an API token named '" + name + "' exists already (names are never reused)");
		}
		long id = key.getKey().longValue();
		return new Created(new ApiToken(id, name, parsed, scope, now, createdBy, null, null, null), secret);
	}

	private static List<String> schools(List<String> schools) {
		Set<String> scope = new LinkedHashSet<>();
		for (String school : (schools == null) ? List.<String>of() : schools) {
			String id = (school == null) ? "" : school.trim();
			if (!SCHOOL.matcher(id).matches()) {
				throw new IllegalArgumentException("schools: '" + school + "' is not a school id");
			}
			scope.add(id);
		}
		if (scope.isEmpty()) {
			throw new IllegalArgumentException("schools: missing (school ids, or all)");
		}
		if (scope.contains(SchoolScope.ALL) && scope.size() > 1) {
			throw new IllegalArgumentException("schools: 'all' stands alone, not beside other schools");
		}
		return List.copyOf(scope);
	}

	/** Every token, newest first. */
	public List<ApiToken> all() {
		return this.jdbc.query(COLUMNS + "order by id desc", Map.of(), ApiTokenStore::token);
	}

	public Optional<ApiToken> find(long id) {
		return this.jdbc.query(COLUMNS + "where id = :id", Map.of("id", id), ApiTokenStore::token).stream().findFirst();
	}

	public Optional<ApiToken> findByName(String name) {
		return this.jdbc
			.query(COLUMNS + "where name = :name", Map.of("name", String.valueOf(name)), ApiTokenStore::token)
			.stream()
			.findFirst();
	}

	/** The token a request presented, by its hash; revoked ones too. */
	Optional<ApiToken> findByToken(String secret) {
		return this.jdbc
			.query(COLUMNS + "where token_hash = :hash", Map.of("hash", ApiTokenSecret.hash(secret)),
					ApiTokenStore::token)
			.stream()
			.findFirst();
	}

	/**
	 * Revokes a token; false if it was revoked already (the first revocation stands).
	 */
	public boolean revoke(long id, String by) {
		return this.jdbc.update(
				"update api_token set revoked_at = :now, revoked_by = :by where id = :id and revoked_at is null",
				new MapSqlParameterSource().addValue("id", id)
					.addValue("by", by)
					.addValue("now", utc(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))) == 1;
	}

	/**
	 * Notes that the token opened a request: at most once a minute, so a busy machine
	 * does not write on every request.
	 */
	void used(ApiToken token) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (token.lastUsedAt() != null && token.lastUsedAt().isAfter(now.minus(1, ChronoUnit.MINUTES))) {
			return;
		}
		this.jdbc.update("update api_token set last_used_at = :now where id = :id",
				new MapSqlParameterSource().addValue("id", token.id()).addValue("now", utc(now)));
	}

	private static ApiToken token(ResultSet rs, int row) throws SQLException {
		return new ApiToken(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
				new ArrayList<>(Arrays.asList(rs.getString("schools").split(","))),
				instant(rs.getObject("created_at", OffsetDateTime.class)), rs.getString("created_by"),
				instant(rs.getObject("last_used_at", OffsetDateTime.class)),
				instant(rs.getObject("revoked_at", OffsetDateTime.class)), rs.getString("revoked_by"));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time == null) ? null : time.toInstant();
	}

	private static OffsetDateTime utc(Instant at) {
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

}
