package org.attendancebridge.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.attendancebridge.web.security.ApiToken;
import org.attendancebridge.web.security.ApiTokenStore;
import org.attendancebridge.web.security.TokensBeyondTheirMakers;
import org.attendancebridge.web.security.UserProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code token create --name N --role R --schools a,b | token list | token revoke --id N}:
 * machines' API tokens in the adapter's database ({@link DatabaseContext}), for an IT
 * technician at the server. {@code create} prints the token alone on stdout, this once
 * (the database keeps only its hash), and what it may do on stderr; {@code list} never
 * shows a token.
 */
final class TokenCommand {

	static final String ACTOR = ApiTokenStore.COMMAND_LINE;

	private TokenCommand() {
	}

	static int run(List<String> argList, PrintStream out, PrintStream err) {
		if (argList.isEmpty()) {
			throw new InputException("token: create, list or revoke?");
		}
		String action = argList.get(0);
		DatabaseContext.Split split = DatabaseContext.split(argList.subList(1, argList.size()));
		Args args = switch (action) {
			case "create" -> Args.parse("token create", split.own(), Set.of("name", "role", "schools"));
			case "list" -> Args.parse("token list", split.own(), Set.of());
			case "revoke" -> Args.parse("token revoke", split.own(), Set.of("id"));
			default -> throw new InputException("token: unknown action '" + action + "' (create, list, revoke)");
		};
		try (ConfigurableApplicationContext context = DatabaseContext.open(split.spring())) {
			ApiTokenStore tokens = new ApiTokenStore(new NamedParameterJdbcTemplate(context.getBean(DataSource.class)),
					Clock.systemUTC());
			try {
				return switch (action) {
					case "create" -> create(tokens, args, out, err);
					case "list" -> list(tokens, users(context, err), out, err);
					default -> revoke(tokens, args, out, err);
				};
			}
			catch (DataAccessException ex) {
				err.println("token: cannot reach the API tokens in " + DatabaseContext.printableUrl(context)
						+ " (is it an attendance-bridge database migrated to V14? start the adapter once to "
						+ "create or migrate it): " + DatabaseContext.rootMessage(ex));
				return 2;
			}
		}
	}

	private static int create(ApiTokenStore tokens, Args args, PrintStream out, PrintStream err) {
		ApiTokenStore.Created made;
		try {
			made = tokens.create(args.required("name"), args.required("role"),
					Arrays.asList(args.required("schools").split(",")), ACTOR);
		}
		catch (IllegalArgumentException ex) {
			throw new InputException("token create: --" + ex.getMessage());
		}
		err.println("API token '" + made.token().name() + "' (id " + made.token().id() + "): role "
				+ made.token().role() + ", schools " + String.join(",", made.token().schools())
				+ ". It is shown this once: keep it in the machine's secret store.");
		out.println(made.secret());
		return 0;
	}

	/** The people who may log in, as the server configured here would read them. */
	private static UserProperties users(ConfigurableApplicationContext context, PrintStream err) {
		try {
			return Binder.get(context.getEnvironment())
				.bind("attendance-bridge", UserProperties.class)
				.orElseGet(() -> new UserProperties(List.of()));
		}
		catch (RuntimeException ex) {
			// Not the message: it may quote a setting's value, such as a password hash.
			err.println("token list: the users configured here cannot be read (" + ex.getClass().getSimpleName()
					+ "): the server would not start with them either");
			return new UserProperties(List.of());
		}
	}

	private static int list(ApiTokenStore tokens, UserProperties users, PrintStream out, PrintStream err) {
		out.println(String.format("%-5s %-24s %-18s %-24s %-24s %s", "id", "name", "role", "schools", "last used",
				"revoked"));
		for (ApiToken token : tokens.all()) {
			out.println(String.format("%-5d %-24s %-18s %-24s %-24s %s", token.id(), token.name(), token.role(),
					String.join(",", token.schools()), (token.lastUsedAt() == null) ? "never" : token.lastUsedAt(),
					token.revoked() ? token.revokedAt() + " by " + token.revokedBy() : "no"));
		}
		if (users.users().isEmpty()) {
			// Every token made on a page would look orphaned: say so instead.
			err.println("token list: makers not checked: no users are configured here (give the server's "
					+ "ATTENDANCE_BRIDGE_USERS_* settings, or its profile, e.g. --spring.profiles.active=demo)");
			return 0;
		}
		TokensBeyondTheirMakers beyond = new TokensBeyondTheirMakers(tokens, users);
		beyond.among(tokens.all())
			.forEach((id, why) -> out
				.println("! API token " + id + " goes beyond its maker: " + why + ": revoke it and make it again"));
		return 0;
	}

	private static int revoke(ApiTokenStore tokens, Args args, PrintStream out, PrintStream err) {
		long id;
		try {
			id = Long.parseLong(args.required("id"));
		}
		catch (NumberFormatException ex) {
			throw new InputException("token revoke: --id '" + args.required("id") + "' is not a token id");
		}
		ApiToken token = tokens.find(id)
			.orElseThrow(() -> new InputException("token revoke: no API token " + id + " (token list shows them)"));
		if (!tokens.revoke(id, ACTOR)) {
			err.println("token revoke: API token " + id + " was revoked already, at " + token.revokedAt() + " by "
					+ token.revokedBy());
			return 1;
		}
		out.println("revoked API token '" + token.name() + "' (id " + id + ")");
		return 0;
	}

}
