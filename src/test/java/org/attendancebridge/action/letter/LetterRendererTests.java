package org.attendancebridge.action.letter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.ActionSpec;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.PolicyLoader;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.attendancebridge.store.SampleActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every letter the shipped policies send, rendered to PDF and read back as text. */
class LetterRendererTests {

	private static final Path POLICIES = Path.of("policies");

	private static final PupilCard PUPIL = new PupilCard("St John's Academy", "A123456789012", "9", "9B");

	private final LetterRenderer renderer = new LetterRenderer(TemplateCatalog.load(POLICIES.resolve("templates")));

	static Set<String> letterTemplates() {
		Set<String> templates = new TreeSet<>();
		for (Policy policy : PolicyLoader.loadFolder(POLICIES)) {
			Stream
				.concat(policy.levels().stream().flatMap((level) -> level.actions().stream()),
						policy.events().stream().flatMap((event) -> event.actions().stream()))
				.filter((action) -> action.kind() == ActionKind.LETTER)
				.map(ActionSpec::template)
				.forEach(templates::add);
		}
		return templates;
	}

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
		}
	}

	@Test
	void everyLetterThePoliciesSendRendersWithThePupilsFiguresAndNoGaps() throws IOException {
		Set<String> templates = letterTemplates();
		assertThat(templates).contains("at1-letter", "at2-letter", "early-support-letter", "sam-awareness-letter",
				"notice-to-improve", "pa-letter");
		for (String template : templates) {
			PlannedAction action = SampleActions.of("st-johns", "arbor-1001", "AC4", ActionKind.LETTER, template);
			LetterRenderer.Letter letter = this.renderer.compose(action, PUPIL, LocalDate.of(2024, 11, 12), "ab-42");
			byte[] pdf = this.renderer.pdf(letter, PUPIL.schoolName());
			assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
			String text = text(pdf);
			assertThat(text).as(template)
				.contains("St John's Academy", "12 November 2024",
						"To the parent or carer of a pupil in Year 9 (registration group 9B)",
						"Attendance this school year, up to 11 November 2024 88.5%",
						"Sessions missed 15 (9 authorised, 6 unauthorised)", "School days missed 7.5",
						"Hours of learning lost 48.8", "Support we can offer", "What happens next", "ab-42")
				.doesNotContain("((", "))", "A123456789012", "null");
		}
	}

	@Test
	void theLetterSpeaksToTheParentAboutYourChild() throws IOException {
		PlannedAction action = SampleActions.of("st-johns", "arbor-1001", "AC3", ActionKind.LETTER,
				"early-support-letter");
		String text = text(this.renderer.pdf(this.renderer.compose(action, PUPIL, LocalDate.of(2024, 11, 12), "ab-7"),
				"St John's Academy"));
		assertThat(text).contains("Dear parent or carer,")
			.contains("Your child's attendance this year is 88.5%, below our 96% expectation")
			.contains("missed 15 sessions, about 48.8 hours of learning")
			.contains("breakfast club");
	}

	@Test
	void aLetterNamingAFigureLettersCannotFillIsRefusedWithItsLine(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("letters.yaml"), """
				warm-letter:
				  for: [letter]
				  text:
				    en: "Dear ((parent_name)), ((child_name)) is doing well."
				cold-letter:
				  for: [letter]
				  text:
				    en: "Dear ((parent_name)), ((pupil_surname)) has missed school."
				""");
		assertThatThrownBy(() -> TemplateCatalog.load(folder)).isInstanceOf(PolicyException.class)
			.hasMessageContaining("letters.yaml:")
			.hasMessageContaining("((pupil_surname))");
	}

	@Test
	void aPupilWithoutAGroupIsAddressedByWhatIsKnown() {
		assertThat(LetterRenderer.addressee(new PupilCard(null, null, "Reception", null)))
			.isEqualTo("To the parent or carer of a pupil in Reception");
	}

}
