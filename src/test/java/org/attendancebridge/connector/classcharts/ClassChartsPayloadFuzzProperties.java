package org.attendancebridge.connector.classcharts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.PayloadFuzzing;
import org.attendancebridge.connector.PayloadMutation;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.ReplayedMis;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.model.Pupil;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class Charts answers gone wrong (the login, pupils, the school's code table, each
 * pupil's attendance by day and session): the reader comes back with what it could use
 * and names what it could not, or fails with a {@code MisHttpException} naming the
 * school. Never another exception, never a hang.
 */
class ClassChartsPayloadFuzzProperties extends PayloadFuzzing {

	private static final LocalDate FROM = LocalDate.of(2024, 9, 2);

	private static final LocalDate TO = LocalDate.of(2024, 11, 11);

	private static ReplayedMis replay;

	private static ConnectorConfig config;

	private static List<ReplayedMis.Exchanged> answers;

	private static ClassChartsReader.Roll roll;

	private static MisRead everything;

	@BeforeContainer
	static void record() {
		replay = new ReplayedMis();
		config = ReplayedMis.config("graduated", MisKind.CLASSCHARTS);
		try (MockConnections connections = new MockConnections(6)) {
			replay.record(connections, connections.config("graduated", MisKind.CLASSCHARTS, "graduated-response"),
					ClassChartsPayloadFuzzProperties::readAll);
		}
		answers = replay.recorded();
		ClassChartsReader reader = reader();
		roll = reader.roll((r) -> {
		});
		everything = reader.marks(roll, FROM, TO, true);
		assertThat(everything.marks()).hasSizeGreaterThan(100);
	}

	@AfterContainer
	static void stop() {
		replay.close();
	}

	private static ClassChartsReader reader() {
		return new ClassChartsReader(new ClassChartsSession(replay.http(config), "graduated",
				MockCredentials.CLASS_CHARTS_EMAIL, MockCredentials.CLASS_CHARTS_PASSWORD), config);
	}

	private static Object readAll() {
		ClassChartsReader reader = reader();
		List<RejectedRecord> rejected = new ArrayList<>();
		ClassChartsReader.Roll read = reader.roll(rejected::add);
		return List.of(new ReplayedMis.PupilsRead(read.pupils(), rejected), reader.marks(read, FROM, TO, true));
	}

	@Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
	void anyAnswerChangedIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		replay.anyAnswerChanged("graduated", mutation, ClassChartsPayloadFuzzProperties::readAll);
	}

	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void oneDayChangedLosesNoOther(@ForAll("recordMutations") PayloadMutation mutation) {
		List<ReplayedMis.Exchanged> days = answers.stream()
			.filter((a) -> a.path().startsWith("attendance/") && !a.path().equals("attendance/codes"))
			.toList();
		// A day holds a morning and an afternoon mark.
		replay.oneRecordChanged("graduated", days.get(mutation.target() % days.size()), "data", mutation,
				() -> reader().marks(roll, FROM, TO, true), everything, 2);
	}

	@Example
	void aDayThatIsNoDateIsReportedAndTheOtherDaysLand() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().startsWith("attendance/") && !a.path().equals("attendance/codes"))
			.findFirst()
			.orElseThrow();
		String body = new PayloadMutation(0, 0, PayloadMutation.Op.RENAME_KEY, "yesterday")
			.applyInRecord(answer.response().body(), "data");
		MisRead read = replay.withBody(answer, body, () -> reader().marks(roll, FROM, TO, true));
		assertThat(read.rejected()).extracting(RejectedRecord::reason)
			.anyMatch((reason) -> reason.endsWith(": day 'yesterday' is not a date (YYYY-MM-DD)"));
		assertThat(read.marks()).hasSizeGreaterThanOrEqualTo(everything.marks().size() - 2);
	}

	@Example
	void aLateMinutesOfTheWrongTypeRejectsThatSessionAlone() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().startsWith("attendance/") && !a.path().equals("attendance/codes"))
			.findFirst()
			.orElseThrow();
		String day = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.response().body())
			.path("data")
			.properties()
			.stream()
			.filter((d) -> d.getValue().has("AM"))
			.findFirst()
			.orElseThrow()
			.getKey();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			assertThat(replay.wrongTypedField("graduated", answer, "/data/" + day + "/AM/late_minutes", wrong,
					() -> reader().marks(roll, FROM, TO, true), everything, 1))
				.startsWith("GET attendance: session 'AM': 'late_minutes' is ");
		}
	}

	@Example
	void aContactPriorityOfTheWrongTypeKeepsTheContactLastAndReportsIt() throws Exception {
		ReplayedMis.Exchanged answer = pupilsAnswer();
		JsonNode pupil = new ObjectMapper().readTree(answer.response().body()).at("/data/0");
		String pupilId = "classcharts-" + pupil.path("id").asText();
		String contactId = "classcharts-" + pupil.at("/contacts/0/id").asText();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			ReplayedMis.PupilsRead read = replay.wrongTypedContactField("graduated", answer,
					"/data/0/contacts/0/priority", wrong, reader()::pupils, pupilId, contactId);
			assertThat(read.contact(pupilId, contactId).priority()).isEqualTo(9);
		}
	}

	private static ReplayedMis.Exchanged pupilsAnswer() {
		return answers.stream().filter((a) -> a.path().equals("pupils")).findFirst().orElseThrow();
	}

	@Example
	void aPupilsFlagOfTheWrongTypeRejectsThatPupilAloneAndTheirMarksStillLand() throws Exception {
		ReplayedMis.Exchanged answer = pupilsAnswer();
		JsonNode listed = new ObjectMapper().readTree(answer.response().body()).path("data");
		String id = listed.get(1).path("id").asText();
		for (String flag : List.of("is_send", "is_pupil_premium", "is_vulnerable", "is_eal")) {
			for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
				assertThat(replay.wrongTypedPupilField("graduated", answer, "/data/1/" + flag, wrong, reader()::pupils,
						"classcharts-" + id))
					.startsWith("GET pupils (item 2 of " + listed.size() + " read): '" + flag + "' is ");
			}
		}
		ObjectNode body = (ObjectNode) new ObjectMapper().readTree(answer.response().body());
		((ObjectNode) body.path("data").get(1)).put("is_vulnerable", "true");
		MisRead read = replay.withBody(answer, body.toString(), () -> {
			ClassChartsReader reader = reader();
			ClassChartsReader.Roll unreadable = reader.roll((r) -> {
			});
			assertThat(unreadable.unreadable()).containsExactly(id);
			return reader.marks(unreadable, FROM, TO, true);
		});
		// The pupil stays as last stored; their register is read as before.
		assertThat(read.pupils()).extracting(Pupil::id).doesNotContain("classcharts-" + id);
		assertThat(read.marks()).containsExactlyInAnyOrderElementsOf(everything.marks())
			.anyMatch((m) -> m.pupilId().equals("classcharts-" + id));
	}

	@Example
	void aContactsConsentOrResponsibilityOfTheWrongTypeKeepsTheContactNeitherTextedNorHoldingIt() throws Exception {
		ReplayedMis.Exchanged answer = pupilsAnswer();
		JsonNode listed = new ObjectMapper().readTree(answer.response().body()).path("data");
		String pointer = null;
		JsonNode pupil = null;
		JsonNode contact = null;
		for (int p = 0; pointer == null; p++) {
			JsonNode contacts = listed.get(p).path("contacts");
			for (int c = 0; pointer == null && c < contacts.size(); c++) {
				if (contacts.get(c).path("sms_allowed").asBoolean()
						&& contacts.get(c).path("parental_responsibility").asBoolean()) {
					pointer = "/data/" + p + "/contacts/" + c + "/";
					pupil = listed.get(p);
					contact = contacts.get(c);
				}
			}
		}
		String pupilId = "classcharts-" + pupil.path("id").asText();
		String contactId = "classcharts-" + contact.path("id").asText();
		replay.wrongTypedContactFlags("graduated", answer, pointer + "sms_allowed", pointer + "parental_responsibility",
				reader()::pupils, pupilId, contactId);
	}

}
