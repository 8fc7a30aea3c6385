package org.attendancebridge.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorLoader;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.PolicyLoader;
import org.attendancebridge.policy.TemplateCatalog;

/**
 * {@code validate [--connectors DIR] [--policies DIR] [--online]}: checks every file and
 * prints one line per file. Every broken file is reported (not just the first), each as
 * one line on stderr naming the file, line and key; then nothing goes to stdout and the
 * exit status is 2. With {@code --online}, the files being sound, each school's MIS,
 * CPOMS and the SMS gateway are then tried from this machine (see {@link OnlineChecks})
 * and a table printed; the exit status is 1 if any check failed.
 */
final class ValidateCommand {

	private static final Set<String> OPTIONS = Set.of("connectors", "policies");

	private static final Set<String> FLAGS = Set.of("online");

	private ValidateCommand() {
	}

	static int run(List<String> argList, PrintStream out, PrintStream err) {
		if (argList.contains("--online")) {
			quietLogging();
		}
		return run(argList, out, err, System::getenv, OnlineChecks.Resolver.SYSTEM, Clock.systemUTC());
	}

	/**
	 * @param variables where placeholders and credentials are looked up: the process
	 * environment, where the adapter reads them too
	 */
	static int run(List<String> argList, PrintStream out, PrintStream err, UnaryOperator<String> variables,
			OnlineChecks.Resolver resolver, Clock clock) {
		Args args = Args.parse("validate", argList, OPTIONS, FLAGS);
		Path policies = Path.of(args.optional("policies", "policies"));
		Path connectors = Path.of(args.optional("connectors", "connectors"));
		List<String> ok = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		List<ConnectorConfig> schools = new ArrayList<>();
		Set<String> policyIds = checkPolicies(policies, ok, errors);
		checkConnectors(connectors, args.has("connectors"), policyIds, variables, ok, errors, schools);
		if (!errors.isEmpty()) {
			errors.forEach(err::println);
			return 2;
		}
		ok.forEach(out::println);
		if (!args.has("online")) {
			return 0;
		}
		List<OnlineChecks.Row> rows = new OnlineChecks(variables, resolver, clock).run(schools);
		out.println();
		out.print(CheckTable.render(rows));
		return rows.stream().anyMatch(OnlineChecks.Row::failed) ? 1 : 0;
	}

	/**
	 * Without Spring, logback would log Camel's start-up and every HTTP exchange at DEBUG
	 * among the table: warnings only.
	 */
	private static void quietLogging() {
		if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	/** Checks the templates and policies; returns the ids of the valid policies. */
	private static Set<String> checkPolicies(Path folder, List<String> ok, List<String> errors) {
		Set<String> valid = new HashSet<>();
		if (!Files.isDirectory(folder)) {
			errors.add(folder + ": no such policies folder (--policies)");
			return valid;
		}
		TemplateCatalog templates;
		try {
			templates = TemplateCatalog.load(folder.resolve("templates"));
		}
		catch (PolicyException ex) {
			errors.add(ex.getMessage());
			return valid;
		}
		ok.add("ok " + folder.resolve("templates") + ": " + templates.size() + " templates");
		List<Path> files = PolicyLoader.policyFiles(folder);
		if (files.isEmpty()) {
			errors.add(folder + ": no policy files (*.yaml)");
		}
		PolicyLoader loader = new PolicyLoader(templates);
		for (Path file : files) {
			try {
				Policy policy = loader.load(file);
				valid.add(policy.id());
				ok.add("ok " + file + ": policy " + policy.id() + ", " + policy.levels().size() + " levels, "
						+ policy.events().size() + " events");
			}
			catch (PolicyException ex) {
				errors.add(ex.getMessage());
			}
		}
		return valid;
	}

	/**
	 * Connector files: every setting checked, the policy each names must be among the
	 * valid policies, and credential variables that are not set are reported, as are the
	 * SMTP server and sender of a school whose alerts go by email (warnings: a build
	 * machine need not hold a school's secrets). A missing default folder is no error; a
	 * missing named one is.
	 */
	private static List<String> unset(java.util.Collection<String> names, UnaryOperator<String> variables) {
		return names.stream().filter((variable) -> variables.apply(variable) == null).toList();
	}

	private static void checkConnectors(Path folder, boolean named, Set<String> policyIds,
			UnaryOperator<String> variables, List<String> ok, List<String> errors, List<ConnectorConfig> schools) {
		if (!Files.isDirectory(folder)) {
			if (named) {
				errors.add(folder + ": no such connectors folder (--connectors)");
			}
			return;
		}
		ConnectorLoader loader = new ConnectorLoader(variables);
		for (Path file : ConnectorLoader.connectorFiles(folder)) {
			try {
				ConnectorConfig connector = loader.load(file);
				if (!policyIds.contains(connector.policy())) {
					errors.add(file + ": policy: no valid policy '" + connector.policy() + "' in the policies folder");
					continue;
				}
				List<String> warnings = new ArrayList<>();
				List<String> unset = unset(connector.credentials().values(), variables);
				if (!unset.isEmpty()) {
					warnings.add("credential variables not set: " + String.join(", ", unset));
				}
				if (connector.dispatch().alerts().contains(ConnectorConfig.AlertDelivery.EMAIL)) {
					List<String> mail = unset(List.of("SPRING_MAIL_HOST", "MAIL_FROM"), variables);
					if (!mail.isEmpty()) {
						warnings.add("staff alerts go by email, but not set: " + String.join(", ", mail));
					}
				}
				schools.add(connector);
				ok.add("ok " + file + ": " + connector.mis().id() + " school " + connector.id() + ", policy "
						+ connector.policy()
						+ (warnings.isEmpty() ? "" : " (warning: " + String.join("; ", warnings) + ")"));
			}
			catch (PolicyException ex) {
				errors.add(ex.getMessage());
			}
		}
	}

}
