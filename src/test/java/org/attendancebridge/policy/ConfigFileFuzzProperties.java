package org.attendancebridge.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
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

	private static PolicyLoader policies;

	@BeforeContainer
	static void read() throws IOException {
		folder = Files.createTempDirectory("fuzz");
		policyLines = Files.readAllLines(Path.of("policies/st-johns-way.yaml"));
		connectorLines = Files.readAllLines(Path.of("connectors/st-johns.yaml"));
		policies = new PolicyLoader(TemplateCatalog.load(Path.of("policies/templates")));
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

}
