package org.attendancebridge.connector.wonde;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Example;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.PayloadFuzzing;
import org.attendancebridge.connector.PayloadMutation;
import org.attendancebridge.connector.ReplayedMis;
import org.attendancebridge.mock.MockCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wonde answers gone wrong (students with their includes, session attendance, the code
 * table, deletions; fields dropped or mistyped, pagination broken, bodies cut short or
 * replaced): the reader comes back with what it could use and names what it could not, or
 * fails with a {@code MisHttpException} naming the school. Never another exception, never
 * a hang.
 */
class WondePayloadFuzzProperties extends PayloadFuzzing {

	private static ReplayedMis replay;

	private static ConnectorConfig config;

	private static List<ReplayedMis.Exchanged> answers;

	private static MisRead everything;

	@BeforeContainer
	static void record() {
		replay = new ReplayedMis();
		config = ReplayedMis.config("toolkit", MisKind.WONDE);
		try (MockConnections connections = new MockConnections(6)) {
			replay.record(connections, connections.config("toolkit", MisKind.WONDE, "attendance-toolkit"),
					WondePayloadFuzzProperties::readAll);
		}
		answers = replay.recorded();
		everything = reader().changes(null, null, true);
		assertThat(everything.marks()).hasSizeGreaterThan(100);
	}

	@AfterContainer
	static void stop() {
		replay.close();
	}

	private static WondeReader reader() {
		return new WondeReader(
				new WondeClient(replay.http(config), MisAuth.bearer(MockCredentials.WONDE_TOKEN), "toolkit"), config);
	}

	private static Object readAll() {
		WondeReader reader = reader();
		List<Object> reads = new ArrayList<>();
		reads.add(ReplayedMis.pupils(reader::pupils));
		reads.add(reader.changes(null, null, true));
		reads.add(reader.deletedPupils());
		return reads;
	}

	@Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
	void anyAnswerChangedIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		replay.anyAnswerChanged("toolkit", mutation, WondePayloadFuzzProperties::readAll);
	}

	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void oneAttendanceRecordChangedLosesNoOther(@ForAll("recordMutations") PayloadMutation mutation) {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("attendance/session"))
			.findFirst()
			.orElseThrow();
		replay.oneRecordChanged("toolkit", answer, "data", mutation, () -> reader().changes(null, null, true),
				everything, 1);
	}

	@Example
	void aMinutesLateOfTheWrongTypeRejectsThatSessionAloneNamingFieldAndPlace() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("attendance/session"))
			.findFirst()
			.orElseThrow();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			assertThat(replay.wrongTypedField("toolkit", answer, "/data/0/minutes_late", wrong,
					() -> reader().changes(null, null, true), everything, 1))
				.matches("attendance session \\S+ \\(item 1 of \\d+ read\\): 'minutes_late' is .*");
		}
	}

	@Example
	void aContactPriorityOfTheWrongTypeKeepsTheContactLastAndReportsIt() throws Exception {
		ReplayedMis.Exchanged answer = students();
		JsonNode student = new ObjectMapper().readTree(answer.response().body()).at("/data/0");
		String pupilId = "wonde-" + student.path("id").asText();
		String contactId = "wonde-" + student.at("/contacts/data/0/id").asText();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			ReplayedMis.PupilsRead read = replay.wrongTypedContactField("toolkit", answer,
					"/data/0/contacts/data/0/relationship/priority", wrong, reader()::pupils, pupilId, contactId);
			assertThat(read.contact(pupilId, contactId).priority()).isEqualTo(9);
		}
	}

	private static ReplayedMis.Exchanged students() {
		return answers.stream().filter((a) -> a.path().equals("students")).findFirst().orElseThrow();
	}

	@Example
	void aStudentsFlagOfTheWrongTypeRejectsThatStudentAloneNamingFieldAndPlace() throws Exception {
		ReplayedMis.Exchanged answer = students();
		JsonNode students = new ObjectMapper().readTree(answer.response().body()).path("data");
		String pupilId = "wonde-" + students.get(1).path("id").asText();
		for (String flag : List.of("premium_pupil_indicator", "child_in_need")) {
			for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
				assertThat(replay.wrongTypedPupilField("toolkit", answer, "/data/1/extended_details/data/" + flag,
						wrong, reader()::pupils, pupilId))
					.startsWith(
							"students (item 2 of " + students.size() + " read): extended_details '" + flag + "' is ");
			}
		}
	}

	@Example
	void aContactsConsentOrResponsibilityOfTheWrongTypeKeepsTheContactNeitherTextedNorHoldingIt() throws Exception {
		ReplayedMis.Exchanged answer = students();
		JsonNode students = new ObjectMapper().readTree(answer.response().body()).path("data");
		String pointer = null;
		JsonNode student = null;
		JsonNode contact = null;
		for (int s = 0; pointer == null; s++) {
			JsonNode contacts = students.get(s).path("contacts").path("data");
			for (int c = 0; pointer == null && c < contacts.size(); c++) {
				JsonNode relationship = contacts.get(c).path("relationship");
				if (relationship.path("sms_consent").asBoolean()
						&& relationship.path("parental_responsibility").asBoolean()) {
					pointer = "/data/" + s + "/contacts/data/" + c + "/relationship/";
					student = students.get(s);
					contact = contacts.get(c);
				}
			}
		}
		String pupilId = "wonde-" + student.path("id").asText();
		String contactId = "wonde-" + contact.path("id").asText();
		replay.wrongTypedContactFlags("toolkit", answer, pointer + "sms_consent", pointer + "parental_responsibility",
				reader()::pupils, pupilId, contactId);
	}

	@Example
	void aMoreOfTheWrongTypeLeavesTheAnswerUnreadableNamingTheField() throws Exception {
		ReplayedMis.Exchanged answer = students();
		ObjectNode body = (ObjectNode) new ObjectMapper().readTree(answer.response().body());
		for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
			body.withObjectProperty("meta").withObjectProperty("pagination").set("more", wrong);
			assertThatThrownBy(() -> replay.withBody(answer, body.toString(), () -> reader().pupils((r) -> {
			}))).as(wrong.toString())
				.isInstanceOf(MisHttpException.class)
				.hasMessageStartingWith("toolkit: GET students answered an unreadable pagination: 'more' is ")
				.hasMessageEndingWith(", not a boolean");
		}
	}

}
