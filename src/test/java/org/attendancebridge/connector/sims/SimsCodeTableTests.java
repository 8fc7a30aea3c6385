package org.attendancebridge.connector.sims;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.UnknownCodeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** SIMS 7's code table: sub-codes land on statutory codes, and hostile XML is refused. */
class SimsCodeTableTests {

	private static final LocalDate AUTUMN_2024 = LocalDate.of(2024, 10, 1);

	private static String table(String entries) {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AttendanceCodes_V2_load><AttenanceCodes>" + entries
				+ "</AttenanceCodes></AttendanceCodes_V2_load>";
	}

	private static String entry(String id, String sims, String statutory, boolean active) {
		return entry(id, sims, statutory, String.valueOf(active));
	}

	private static String entry(String id, String sims, String statutory, String active) {
		return "<AttendanceCode><Attendance_Code_ID>" + id + "</Attendance_Code_ID><SIMS_Display_Code>" + sims
				+ "</SIMS_Display_Code><Statistical_Mapping_Description>x</Statistical_Mapping_Description>"
				+ "<Statutory_Return_Code>" + statutory + "</Statutory_Return_Code><Is_Active>" + active
				+ "</Is_Active></AttendanceCode>";
	}

	@Test
	void subCodesMapOntoTheirStatutoryCode() {
		SimsCodeTable codes = SimsCodeTable.parse("staged", table(entry("1", "/", "/", true)
				+ entry("2", "X01", "X", true) + entry("3", "I", "I", true) + entry("4", "Z9", "Z", false)));
		assertThat(codes.size()).isEqualTo(4);
		assertThat(codes.toDfe("X01", AUTUMN_2024)).contains(DfeCode.X);
		assertThat(codes.toDfe("I", AUTUMN_2024)).contains(DfeCode.I);
		// A code no longer in use still reads the marks recorded with it, and is never
		// written; a code the table does not have is reported, not guessed.
		assertThat(codes.toDfe("Z9", AUTUMN_2024)).contains(DfeCode.Z);
		assertThat(codes.simsCodeFor("Z")).isEmpty();
		assertThat(codes.simsCodeFor("X")).contains("X01");
		assertThat(codes.toDfe("Q7", AUTUMN_2024)).isEmpty();
	}

	@Test
	void simsSevensTAndFSayWhichCodesAreInUse() {
		SimsCodeTable codes = SimsCodeTable.parse("staged", table(entry("1", "/", "/", "T") + entry("2", "H", "H", "F")
				+ entry("3", "I", "I", "True") + entry("4", "M", "M", "0") + entry("5", "X01", "X", "")));
		assertThat(codes.size()).isEqualTo(5);
		assertThat(codes.toDfe("H", LocalDate.of(2024, 7, 1))).contains(DfeCode.H);
		assertThat(codes.toDfe("M", AUTUMN_2024)).contains(DfeCode.M);
		assertThat(codes.simsCodeFor("H")).isEmpty();
		assertThat(codes.simsCodeFor("M")).isEmpty();
		assertThat(codes.simsCodeFor("I")).contains("I");
		assertThat(codes.simsCodeFor("X")).contains("X01");
	}

	@Test
	void anIsActiveThatIsNoneOfThoseRefusesTheTableNamingTheEntryNotTheValue() {
		assertThatExceptionOfType(SimsCodeTableException.class).isThrownBy(
				() -> SimsCodeTable.parse("staged", table(entry("1", "/", "/", "T") + entry("2", "X01", "X", "Yes"))))
			.withMessage("staged: SIMS code 'X01' (entry 2 of the code table): 'Is_Active' is none of T, F, true, "
					+ "false, 1, 0");
	}

	@Test
	void aLegacyStatutoryCodeIsRefusedAfterTheChange() {
		SimsCodeTable codes = SimsCodeTable.parse("staged", table(entry("1", "H", "H", true)));
		assertThat(codes.toDfe("H", LocalDate.of(2024, 7, 1))).contains(DfeCode.H);
		assertThatExceptionOfType(UnknownCodeException.class).isThrownBy(() -> codes.toDfe("H", AUTUMN_2024));
	}

	@Test
	void anExternalEntityIsRefused() {
		String xxe = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				+ "<AttendanceCodes_V2_load><AttenanceCodes><AttendanceCode><SIMS_Display_Code>&x;</SIMS_Display_Code>"
				+ "<Statutory_Return_Code>X</Statutory_Return_Code></AttendanceCode></AttenanceCodes></AttendanceCodes_V2_load>";
		assertThatExceptionOfType(SimsCodeTableException.class).isThrownBy(() -> SimsCodeTable.parse("staged", xxe))
			.withMessageContaining("staged: the SIMS code table is not usable XML")
			.withMessageContaining("DOCTYPE");
	}

	@Test
	void aBillionLaughsIsRefused() {
		StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
		for (int i = 1; i < 10; i++) {
			lol.append("<!ENTITY lol").append(i).append(" \"");
			for (int j = 0; j < 10; j++) {
				lol.append("&lol").append((i == 1) ? "" : String.valueOf(i - 1)).append(';');
			}
			lol.append("\">");
		}
		lol.append("]><AttendanceCodes_V2_load>&lol9;</AttendanceCodes_V2_load>");
		assertThatExceptionOfType(SimsCodeTableException.class)
			.isThrownBy(() -> SimsCodeTable.parse("staged", lol.toString()));
	}

	@Test
	void malformedXmlNamesTheLine() {
		assertThatExceptionOfType(SimsCodeTableException.class)
			.isThrownBy(() -> SimsCodeTable.parse("staged", table(entry("1", "/", "/", true)) + "\n<oops"))
			.withMessageStartingWith("staged: the SIMS code table is not usable XML at line 3");
	}

	@Test
	void anActiveCodeWithoutAStatutoryCodeIsNamed() {
		assertThatExceptionOfType(SimsCodeTableException.class)
			.isThrownBy(
					() -> SimsCodeTable.parse("staged", table(entry("1", "/", "/", true) + entry("2", "K1", "", true))))
			.withMessage("staged: SIMS code 'K1' (entry 2 of the code table) has no Statutory_Return_Code");
	}

	@Test
	void anotherDocumentIsNamed() {
		assertThatExceptionOfType(SimsCodeTableException.class)
			.isThrownBy(() -> SimsCodeTable.parse("staged", "<html><body>maintenance</body></html>"))
			.withMessageContaining("expected a SIMS code table (AttendanceCodes_V2_load), not <html>");
	}

}
