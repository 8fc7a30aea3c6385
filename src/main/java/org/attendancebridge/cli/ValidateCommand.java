package org.attendancebridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.PolicyLoader;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.policy.YamlNode;

/**
 * {@code validate [--connectors DIR] [--policies DIR]}: checks every file and prints one
 * line per file. Every broken file is reported (not just the first), each as one line on
 * stderr naming the file, line and key; then nothing goes to stdout and the exit status
 * is 2.
 */
final class ValidateCommand {

	private static final Set<String> OPTIONS = Set.of("connectors", "policies");

	private ValidateCommand() {
	}

	static int run(List<String> argList, PrintStream out, PrintStream err) {
		Args args = Args.parse("validate", argList, OPTIONS);
		Path policies = Path.of(args.optional("policies", "policies"));
		Path connectors = Path.of(args.optional("connectors", "connectors"));
		List<String> ok = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		checkPolicies(policies, ok, errors);
		checkConnectors(connectors, args.has("connectors"), ok, errors);
		if (!errors.isEmpty()) {
			errors.forEach(err::println);
			return 2;
		}
		ok.forEach(out::println);
		return 0;
	}

	private static void checkPolicies(Path folder, List<String> ok, List<String> errors) {
		if (!Files.isDirectory(folder)) {
			errors.add(folder + ": no such policies folder (--policies)");
			return;
		}
		TemplateCatalog templates;
		try {
			templates = TemplateCatalog.load(folder.resolve("templates"));
		}
		catch (PolicyException ex) {
			errors.add(ex.getMessage());
			return;
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
				ok.add("ok " + file + ": policy " + policy.id() + ", " + policy.levels().size() + " levels, "
						+ policy.events().size() + " events");
			}
			catch (PolicyException ex) {
				errors.add(ex.getMessage());
			}
		}
	}

	/**
	 * Connector files are read as YAML; their settings are checked by the connectors
	 * themselves. A missing default folder is no error; a missing named one is.
	 */
	private static void checkConnectors(Path folder, boolean named, List<String> ok, List<String> errors) {
		if (!Files.isDirectory(folder)) {
			if (named) {
				errors.add(folder + ": no such connectors folder (--connectors)");
			}
			return;
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(folder)) {
			files = listing.filter((p) -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
		}
		catch (IOException ex) {
			errors.add(folder + ": cannot list: " + ex.getMessage());
			return;
		}
		for (Path file : files) {
			try {
				YamlNode.load(file);
				ok.add("ok " + file + ": connector file (YAML)");
			}
			catch (PolicyException ex) {
				errors.add(ex.getMessage());
			}
		}
	}

}
