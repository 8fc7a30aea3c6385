package org.attendancebridge.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TemplateCatalogTests {

	@TempDir
	Path dir;

	@Test
	void loadsEveryTemplateWithItsKindsAndTexts() throws IOException {
		write("letters.yaml", //
				"letter-a:", //
				"  for: [letter, mis-note]", //
				"  subject: Attendance", //
				"  text:", //
				"    en: Dear parent", //
				"    pl: Szanowni Pa\u0144stwo");
		write("texts.yaml", //
				"sms-a:", //
				"  for: sms", //
				"  text: {en: Hello}");
		write("README.md", "not a template");
		TemplateCatalog catalog = TemplateCatalog.load(this.dir);
		assertThat(catalog.size()).isEqualTo(2);
		TemplateCatalog.Template letter = catalog.get("letter-a").orElseThrow();
		assertThat(letter.kinds()).containsExactlyInAnyOrder(ActionKind.LETTER, ActionKind.MIS_NOTE);
		assertThat(letter.subject()).isEqualTo("Attendance");
		assertThat(letter.text()).isEqualTo(Map.of("en", "Dear parent", "pl", "Szanowni Pa\u0144stwo"));
		TemplateCatalog.Template sms = catalog.get("sms-a").orElseThrow();
		assertThat(sms.kinds()).isEqualTo(Set.of(ActionKind.SMS));
		assertThat(sms.subject()).isNull();
		assertThat(catalog.get("missing")).isEmpty();
	}

	@Test
	void aMissingFolderIsAnEmptyCatalog() {
		assertThat(TemplateCatalog.load(this.dir.resolve("nowhere")).size()).isZero();
		assertThat(TemplateCatalog.empty().size()).isZero();
	}

	@Test
	void aTemplateWithoutEnglishIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  for: letter", //
				"  text:", //
				"    pl: Szanowni");
		assertProblem(file, 4, "letter-a.text", "template 'letter-a' has no English text ('en')");
	}

	@Test
	void aTemplateForAnUnknownKindIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  for: [letter, fax]", //
				"  text: {en: Hello}");
		assertProblem(file, 2, "letter-a.for[1]", "unknown action kind 'fax'");
	}

	@Test
	void aTemplateWithoutForIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  text: {en: Hello}");
		assertProblem(file, 2, "letter-a", "a template needs 'for' (action kinds) and 'text' (by language)");
	}

	@Test
	void anUnknownKeyInATemplateIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  for: letter", //
				"  txt: {en: Hello}");
		assertProblem(file, 3, "letter-a.txt", "unknown key 'txt'");
	}

	@Test
	void aTemplateDefinedInTwoFilesIsAnError() throws IOException {
		write("a.yaml", //
				"letter-a:", //
				"  for: letter", //
				"  text: {en: Hello}");
		Path second = write("b.yaml", //
				"other:", //
				"  for: sms", //
				"  text: {en: Hi}", //
				"letter-a:", //
				"  for: letter", //
				"  text: {en: Hello again}");
		assertProblem(second, 5, "letter-a", "template 'letter-a' is defined twice");
	}

	@Test
	void aTemplateDefinedTwiceInOneFileIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  for: letter", //
				"  text: {en: Hello}", //
				"letter-a:", //
				"  for: sms", //
				"  text: {en: Hi}");
		PolicyException error = assertThatExceptionOfType(PolicyException.class)
			.isThrownBy(() -> TemplateCatalog.load(this.dir))
			.actual();
		assertThat(error.getMessage()).startsWith(file + ":4: ").contains("letter-a");
	}

	@Test
	void anEmptyTextIsAnError() throws IOException {
		Path file = write("t.yaml", //
				"letter-a:", //
				"  for: letter", //
				"  text: {en: \"  \"}");
		assertProblem(file, 3, "letter-a.text.en", "must not be empty");
	}

	private Path write(String name, String... lines) throws IOException {
		return Files.writeString(this.dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
	}

	private void assertProblem(Path file, int line, String key, String problem) {
		PolicyException error = assertThatExceptionOfType(PolicyException.class)
			.isThrownBy(() -> TemplateCatalog.load(this.dir))
			.actual();
		assertThat(error.getMessage()).startsWith(file + ":" + line + ": " + key + ": " + problem).doesNotContain("\n");
		assertThat(error.file()).isEqualTo(file);
		assertThat(error.line()).isEqualTo(line);
	}

}
