package org.attendancebridge.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.attendancebridge.connector.ConnectorLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Mangled policy and connector files (lines dropped, repeated, swapped, cut short or
 * sprinkled with stray characters) are either read or refused with a file-and-line error:
 * never another exception, never a hang.
 */
class ConfigFileFuzzProperties {

	private static Path folder;

	private static List<String> policyLines;

	private static List<String> connectorLines;

	/** Every shipped policy and connector file, by name. */
	private static Map<String, List<String>> shipped;

	private static PolicyLoader policies;

	@BeforeContainer
	static void read() throws IOException {
		folder = Files.createTempDirectory("fuzz");
		policyLines = Files.readAllLines(Path.of("policies/st-johns-way.yaml"));
		connectorLines = Files.readAllLines(Path.of("connectors/st-johns.yaml"));
		policies = new PolicyLoader(TemplateCatalog.load(Path.of("policies/templates")));
		shipped = new TreeMap<>();
		for (String dir : List.of("policies", "connectors")) {
			try (var files = Files.list(Path.of(dir))) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).toList()) {
					shipped.put(dir + "/" + file.getFileName(), Files.readAllLines(file));
				}
			}
		}
	}

	@AfterContainer
	static void clean() throws IOException {
		try (var files = Files.list(folder)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(folder);
	}

	/** An edit: what to do, at which line, with which text. */
	@Provide
	Arbitrary<List<Tuple.Tuple3<Integer, Integer, String>>> edits() {
		Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
				Arbitraries.of(":", "- ", "[", "]", "{", "}", "&a", "*a", "!!binary", "\"", "'", "#", "\t", "  ", "120",
						"-5", "NaN", "~", "null", "below", "AC9", "0x10", "1e9", "\u0000", "<<: *a"));
		return Arbitraries.integers()
			.between(0, 4)
			.flatMap((op) -> Arbitraries.integers()
				.between(0, 400)
				.flatMap((at) -> junk.map((text) -> Tuple.of(op, at, text))))
			.list()
			.ofMinSize(1)
			.ofMaxSize(6);
	}

	private static String mangle(List<String> original, List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		List<String> lines = new ArrayList<>(original);
		for (Tuple.Tuple3<Integer, Integer, String> edit : edits) {
			if (lines.isEmpty()) {
				break;
			}
			int at = edit.get2() % lines.size();
			switch (edit.get1()) {
				case 0 -> lines.remove(at);
				case 1 -> lines.add(at, lines.get(at));
				case 2 -> lines.set(at, lines.get(at).substring(0, lines.get(at).length() / 2));
				case 3 -> lines.set(at, lines.get(at) + edit.get3());
				default -> lines.add(at, edit.get3());
			}
		}
		return String.join("\n", lines) + "\n";
	}

	private static Path write(String name, String text) {
		try {
			return Files.writeString(folder.resolve(name), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Property(tries = 300)
	void aMangledPolicyIsReadOrRefusedWithItsLine(@ForAll("edits") List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		Path file = write("st-johns-way.yaml", mangle(policyLines, edits));
		String outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			try {
				assertThat(policies.load(file).id()).isNotBlank();
				return "read";
			}
			catch (PolicyException ex) {
				assertThat(ex.getMessage()).startsWith(file.toString() + ":");
				return "refused";
			}
		});
		Statistics.collect(outcome);
		Statistics.coverage((coverage) -> {
			coverage.check("refused").percentage((p) -> p > 30);
			coverage.check("read").percentage((p) -> p > 1);
		});
	}

	@Property(tries = 300)
	void aMangledConnectorIsReadOrRefusedWithItsLine(
			@ForAll("edits") List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		Path file = write("st-johns.yaml", mangle(connectorLines, edits));
		ConnectorLoader loader = new ConnectorLoader(Map.<String, String>of()::get);
		String outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			try {
				assertThat(loader.load(file).id()).isEqualTo("st-johns");
				return "read";
			}
			catch (PolicyException ex) {
				assertThat(ex.getMessage()).startsWith(file.toString() + ":");
				return "refused";
			}
		});
		Statistics.collect(outcome);
		Statistics.coverage((coverage) -> {
			coverage.check("refused").percentage((p) -> p > 30);
			coverage.check("read").percentage((p) -> p > 1);
		});
	}

	/**
	 * A change to one line of a YAML file: its key renamed, its value given another type,
	 * its indentation moved.
	 */
	@Provide
	Arbitrary<List<Tuple.Tuple3<Integer, Integer, String>>> typedEdits() {
		Arbitrary<String> values = Arbitraries.of("[1, 2]", "{a: 1}", "-5", "0", "1e999", "999999999999999999999", "~",
				"null", "true", "\"\"", "''", "!!binary AAAA", "!!float x", "*nowhere", "&x 3", "[", "{",
				"\"unterminated", "2024-13-45", "25:61", "PT5M", "AC9", "below", "- a", "|\n  text", ">", "? a");
		Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
				Arbitraries.of("id", "when", "actions", "kind", "level", "levels", "events", "settings", "<<",
						"baseUrl", "mis", "credentials", "schedule", "roles", "codeAliases", "allowPrivateNetwork"));
		return Arbitraries.integers()
			.between(0, 3)
			.flatMap((op) -> Arbitraries.integers()
				.between(0, 400)
				.flatMap((at) -> Arbitraries.oneOf(values, keys).map((text) -> Tuple.of(op, at, text))))
			.list()
			.ofMinSize(1)
			.ofMaxSize(4);
	}

	private static String retype(List<String> original, List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		List<String> lines = new ArrayList<>(original);
		for (Tuple.Tuple3<Integer, Integer, String> edit : edits) {
			int at = edit.get2() % lines.size();
			String line = lines.get(at);
			int colon = line.indexOf(':');
			String indent = line.substring(0, line.length() - line.stripLeading().length());
			String body = line.stripLeading();
			String dash = body.startsWith("- ") ? "- " : "";
			lines.set(at, switch (edit.get1()) {
				case 0 -> (colon < 0) ? line : line.substring(0, colon + 1) + " " + edit.get3();
				case 1 -> (colon < 0) ? line : indent + dash + edit.get3() + line.substring(colon);
				case 2 ->
					((edit.get2() % 2 == 0) ? indent + "  " : indent.substring(Math.min(indent.length(), 2))) + body;
				default -> indent.replace("  ", "\t") + body;
			});
		}
		return String.join("\n", lines) + "\n";
	}

	/** A policy or connector file read or refused, within a hang guard. */
	private String readOrRefused(Path file, boolean policy) {
		String outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			try {
				if (policy) {
					policies.load(file);
				}
				else {
					new ConnectorLoader(Map.<String, String>of()::get).load(file);
				}
				return "read";
			}
			catch (PolicyException ex) {
				assertThat(ex.getMessage()).matches(Pattern.quote(file.toString()) + ":\\d+: .+");
				assertThat(ex.file()).isEqualTo(file);
				return "refused";
			}
		});
		Statistics.collect(outcome);
		return outcome;
	}

	@Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
	void anyShippedFileRetypedIsReadOrRefusedWithItsLine(@ForAll("shippedFile") String name,
			@ForAll("typedEdits") List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		Path file = write(Path.of(name).getFileName().toString(), retype(shipped.get(name), edits));
		readOrRefused(file, name.startsWith("policies/"));
	}

	@Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
	void anyShippedFileMangledIsReadOrRefusedWithItsLine(@ForAll("shippedFile") String name,
			@ForAll("edits") List<Tuple.Tuple3<Integer, Integer, String>> edits) {
		Path file = write(Path.of(name).getFileName().toString(), mangle(shipped.get(name), edits));
		readOrRefused(file, name.startsWith("policies/"));
	}

	@Provide
	Arbitrary<String> shippedFile() {
		return Arbitraries.of(shipped.keySet());
	}

	/**
	 * An alias bomb: each level a list of {@code width} aliases to the level below, the
	 * first a list of {@code base} scalars, put under a key of a shipped file.
	 */
	private static String bomb(int depth, int width, int base, String key) {
		StringBuilder yaml = new StringBuilder(key + ":\n  l0: &l0 [").append("lol, ".repeat(base)).append("lol]\n");
		for (int level = 1; level <= depth; level++) {
			yaml.append("  l").append(level).append(": &l").append(level).append(" [");
			yaml.append(String.join(", ", java.util.Collections.nCopies(width, "*l" + (level - 1)))).append("]\n");
		}
		return yaml.toString();
	}

	@Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
	void anAliasBombIsRefusedAtOnce(@ForAll("shippedFile") String name, @ForAll @IntRange(min = 1, max = 12) int depth,
			@ForAll @IntRange(min = 2, max = 30) int width, @ForAll @IntRange(min = 1, max = 20_000) int base,
			@ForAll @IntRange(min = 0, max = 3) int where) {
		String key = List.of("settings", "bombs", "codeAliases", "roles").get(where);
		List<String> lines = shipped.get(name);
		String text = String.join("\n", lines) + "\n" + bomb(depth, width, base, key);
		Path file = write(Path.of(name).getFileName().toString(), text);
		String outcome = readOrRefused(file, name.startsWith("policies/"));
		if (depth * width > 20) {
			// More aliases than any file needs: refused whatever they hold.
			assertThat(outcome).isEqualTo("refused");
		}
	}

	@Example
	void twentyAliasesEachDoublingTheOneBeforeAreRefusedAtOnce() {
		for (String name : List.of("policies/st-johns-way.yaml", "connectors/st-johns.yaml")) {
			for (String key : List.of("bombs", "settings", "roles", "codeAliases")) {
				Path file = write(Path.of(name).getFileName().toString(),
						String.join("\n", shipped.get(name)).replaceAll("(?m)^(settings|roles|codeAliases):", "old$1:")
								+ "\n" + bomb(10, 2, 50_000, key));
				assertThat(readOrRefused(file, name.startsWith("policies/"))).isEqualTo("refused");
			}
		}
	}

}
