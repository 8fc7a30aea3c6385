package org.attendancebridge.connector.sims;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import org.attendancebridge.connector.PayloadMutation;
import org.attendancebridge.model.UnknownCodeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The SIMS code table parser against changed and hostile XML: a changed table is read or
 * refused with a {@link SimsCodeTableException} naming the school; external entities,
 * external DTDs, parameter entities and entity expansion bombs are refused at once, and
 * never read a local file.
 */
class SimsCodeTableFuzzProperties {

	private static final String SECRET = "secret-in-a-local-file-4f1c";

	private static Path secretFile;

	private static final String TABLE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			+ "<AttendanceCodes_V2_load><AttenanceCodes>\n" + entry("1", "/", "/", "true")
			+ entry("2", "X01", "X", "true") + entry("3", "I", "I", "true") + entry("4", "Z9", "Z", "false")
			+ entry("5", "L", "L", "1") + "</AttenanceCodes></AttendanceCodes_V2_load>\n";

	@BeforeContainer
	static void writeSecret() throws IOException {
		secretFile = Files.createTempFile("sims-secret", ".txt");
		Files.writeString(secretFile, SECRET);
	}

	@AfterContainer
	static void deleteSecret() throws IOException {
		Files.deleteIfExists(secretFile);
	}

	private static String entry(String id, String sims, String statutory, String active) {
		return "<AttendanceCode><Attendance_Code_ID>" + id + "</Attendance_Code_ID><SIMS_Display_Code>" + sims
				+ "</SIMS_Display_Code><Statistical_Mapping_Description>x</Statistical_Mapping_Description>"
				+ "<Statutory_Return_Code>" + statutory + "</Statutory_Return_Code><Is_Active>" + active
				+ "</Is_Active></AttendanceCode>\n";
	}

	@Provide
	Arbitrary<PayloadMutation> mutations() {
		return PayloadMutation.any();
	}

	@Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
	void aChangedTableIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		String xml = mutation.apply(TABLE);
		String outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			try {
				SimsCodeTable table = SimsCodeTable.parse("staged", xml);
				for (String code : new String[] { "/", "X01", "I", "L", "Q7" }) {
					try {
						table.toDfe(code, LocalDate.of(2024, 10, 1));
					}
					catch (UnknownCodeException ex) {
						// A table entry mapping to no DfE code: the mark is reported.
					}
				}
				return "read";
			}
			catch (SimsCodeTableException ex) {
				assertThat(ex.getMessage()).startsWith("staged: ");
				return "refused";
			}
		});
		Statistics.collect(outcome);
	}

	/** Documents that try to reach outside or to blow up, in a few shapes. */
	@Provide
	Arbitrary<String> hostile() {
		String file = secretFile.toUri().toString();
		Arbitrary<String> external = Arbitraries.of("<!DOCTYPE t [<!ENTITY x SYSTEM \"" + file + "\">]>" + table("&x;"),
				"<!DOCTYPE t [<!ENTITY % p SYSTEM \"" + file + "\"> %p;]>" + table("X"),
				"<!DOCTYPE AttendanceCodes_V2_load SYSTEM \"" + file + "\">" + table("X"),
				"<!DOCTYPE t PUBLIC \"-//x//y\" \"" + file + "\">" + table("X"),
				"<!DOCTYPE t [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>" + table("&x;"));
		Arbitrary<String> bombs = Arbitraries.integers()
			.between(2, 12)
			.flatMap((depth) -> Arbitraries.integers().between(2, 12).map((width) -> laughs(depth, width)));
		Arbitrary<String> quadratic = Arbitraries.integers()
			.between(1, 5000)
			.map((n) -> "<!DOCTYPE t [<!ENTITY a \"" + "a".repeat(10_000) + "\">]>" + table("&a;".repeat(n)));
		return Arbitraries.oneOf(external, bombs, quadratic)
			.map((doc) -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc);
	}

	private static String table(String code) {
		return "<AttendanceCodes_V2_load><AttenanceCodes>" + entry("1", code, "X", "true")
				+ "</AttenanceCodes></AttendanceCodes_V2_load>";
	}

	private static String laughs(int depth, int width) {
		StringBuilder lol = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
		for (int i = 1; i <= depth; i++) {
			lol.append("<!ENTITY lol")
				.append(i)
				.append(" \"")
				.append(("&lol" + (i - 1) + ";").repeat(width))
				.append("\">");
		}
		return lol.append("]>").append(table("&lol" + depth + ";")).toString();
	}

	@Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
	void hostileXmlIsRefusedAtOnceAndReadsNoFile(@ForAll("hostile") String xml) {
		assertTimeoutPreemptively(Duration.ofSeconds(2),
				() -> assertThatExceptionOfType(SimsCodeTableException.class)
					.isThrownBy(() -> SimsCodeTable.parse("staged", xml))
					.withMessageStartingWith("staged: the SIMS code table is not usable XML")
					.withMessageContaining("DOCTYPE")
					.withMessageNotContaining(SECRET));
	}

	@Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
	void anXIncludeIsTakenAsAnElementAndReadsNoFile(@ForAll @IntRange(min = 0, max = 2) int shape) {
		String include = "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secretFile.toUri()
				+ "\" parse=\"text\"/>";
		String xml = switch (shape) {
			case 0 -> table(include);
			case 1 -> "<AttendanceCodes_V2_load>" + include + "</AttendanceCodes_V2_load>";
			default -> TABLE.replace("<Statutory_Return_Code>X</Statutory_Return_Code>",
					"<Statutory_Return_Code>" + include + "</Statutory_Return_Code>");
		};
		try {
			SimsCodeTable table = SimsCodeTable.parse("staged", xml);
			assertThat(table.simsCodeFor(SECRET)).isEmpty();
			assertThat(table.toDfe(SECRET, LocalDate.of(2024, 10, 1))).isEmpty();
		}
		catch (SimsCodeTableException ex) {
			assertThat(ex.getMessage()).startsWith("staged: ").doesNotContain(SECRET);
		}
	}

}
