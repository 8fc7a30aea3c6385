package org.attendancebridge.connector.arbor;

import java.time.LocalDate;
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
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.ReplayedMis;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Arbor answers gone wrong (students, attendance records, the changelog, registers, code
 * tables; fields dropped or mistyped, bodies cut short or replaced): the reader comes
 * back with what it could use and names what it could not, or fails with a
 * {@code MisHttpException} naming the school. Never another exception, never a hang.
 */
class ArborPayloadFuzzProperties extends PayloadFuzzing {

	private static final LocalDate FROM = LocalDate.of(2024, 9, 2);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static ReplayedMis replay;

	private static ArborReader reader;

	private static List<ReplayedMis.Exchanged> answers;

	private static MisRead everything;

	@BeforeContainer
	static void record() {
		replay = new ReplayedMis();
		ConnectorConfig config = ReplayedMis.config("st-johns", MisKind.ARBOR);
		reader = new ArborReader(new ArborClient(replay.http(config),
				MisAuth.basic(MockCredentials.ARBOR_USER, MockCredentials.ARBOR_PASSWORD), "st-johns"), config);
		try (MockConnections connections = new MockConnections(6)) {
			replay.record(connections, connections.config("st-johns", MisKind.ARBOR, "st-johns-way"),
					ArborPayloadFuzzProperties::readAll);
		}
		answers = replay.recorded();
		everything = reader.everything(FROM, null);
		assertThat(everything.marks()).hasSizeGreaterThan(100);
	}

	@AfterContainer
	static void stop() {
		replay.close();
	}

	private static Object readAll() {
		List<Object> reads = new ArrayList<>();
		reads.add(ReplayedMis.pupils(reader::pupils));
		reads.add(reader.staff());
		reads.add(reader.changes(0, null));
		reads.add(reader.everything(FROM, null));
		return reads;
	}

	/** The recorded list of every attendance record since the start of the period. */
	private static ReplayedMis.Exchanged recordsSince() {
		return answers.stream()
			.filter((a) -> a.path().equals("attendance-records") && a.query().contains("startDatetime"))
			.findFirst()
			.orElseThrow();
	}

	@Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
	void anyAnswerChangedIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		replay.anyAnswerChanged("st-johns", mutation, ArborPayloadFuzzProperties::readAll);
	}

	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void oneAttendanceRecordChangedLosesNoOther(@ForAll("recordMutations") PayloadMutation mutation) {
		ReplayedMis.Exchanged answer = recordsSince();
		replay.oneRecordChanged("st-johns", answer, "attendanceRecords", mutation, () -> reader.everything(FROM, null),
				everything, 1);
	}

	@Example
	void aMinutesLateOfTheWrongTypeRejectsThatRecordAloneNamingFieldAndPlace() throws Exception {
		ReplayedMis.Exchanged answer = recordsSince();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			assertThat(replay.wrongTypedField("st-johns", answer, "/attendanceRecords/0/minutesLate", wrong,
					() -> reader.everything(FROM, null), everything, 1))
				.startsWith("attendance record (item 1 of " + (everything.marks().size() + everything.rejected().size())
						+ " read): 'minutesLate' is ");
		}
	}

	/** The first page of a resource the pupils are read from. */
	private static ReplayedMis.Exchanged firstPage(String path) {
		return answers.stream().filter((a) -> a.path().equals(path)).findFirst().orElseThrow();
	}

	@Example
	void aContactPriorityOfTheWrongTypeKeepsTheContactLastAndReportsIt() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("student-guardian-relationships");
		JsonNode relationship = JSON.readTree(answer.response().body()).at("/studentGuardianRelationships/0");
		String pupilId = "arbor-" + relationship.path("student").path("id").asLong();
		String contactId = "arbor-guardian-" + relationship.path("guardian").path("id").asLong();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			ReplayedMis.PupilsRead read = replay.wrongTypedContactField("st-johns", answer,
					"/studentGuardianRelationships/0/emergencyContactPriority", wrong, reader::pupils, pupilId,
					contactId);
			assertThat(read.contact(pupilId, contactId).priority()).isEqualTo(9);
		}
	}

	@Example
	void aMobilesRankingOfTheWrongTypeKeepsTheNumberAndReportsEachContactItServes() throws Exception {
		ReplayedMis.Exchanged numbers = firstPage("telephone-numbers");
		long owner = JSON.readTree(numbers.response().body()).at("/telephoneNumbers/0/numberOwner/id").asLong();
		// The mock gives each guardian a person of their own: the relationship naming the
		// guardian whose person owns the number names the pupil.
		JsonNode guardian = null;
		for (JsonNode g : JSON.readTree(firstPage("guardians").response().body()).path("guardians")) {
			if (g.path("person").path("id").asLong() == owner) {
				guardian = g;
			}
		}
		assertThat(guardian).isNotNull();
		long guardianId = guardian.path("id").asLong();
		JsonNode relationship = null;
		for (JsonNode r : JSON.readTree(firstPage("student-guardian-relationships").response().body())
			.path("studentGuardianRelationships")) {
			if (r.path("guardian").path("id").asLong() == guardianId) {
				relationship = r;
			}
		}
		assertThat(relationship).isNotNull();
		String pupilId = "arbor-" + relationship.path("student").path("id").asLong();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			ReplayedMis.PupilsRead read = replay.wrongTypedContactField("st-johns", numbers,
					"/telephoneNumbers/0/telephoneNumberRanking", wrong, reader::pupils, pupilId,
					"arbor-guardian-" + guardianId);
			assertThat(read.rejected().get(0).reason()).contains("telephone number ");
		}
	}

	@Example
	void anIdOfTheWrongTypeRejectsThatRecordAlone() throws Exception {
		ReplayedMis.Exchanged answer = recordsSince();
		assertThat(replay.wrongTypedField("st-johns", answer, "/attendanceRecords/1/id",
				com.fasterxml.jackson.databind.node.TextNode.valueOf("12"), () -> reader.everything(FROM, null),
				everything, 1))
			.startsWith("attendance record (item 2 of ")
			.endsWith("'id' is text, not a whole number");
	}

	/**
	 * The changelog page read from revision 0 replaced by one holding two states of its
	 * first record, the second changed by {@code later}.
	 */
	private static MisRead twoStatesOfOneRecord(java.util.function.Consumer<ObjectNode> later) throws Exception {
		ReplayedMis.Exchanged page = answers.stream()
			.filter((a) -> a.path().equals("attendance-records/changelog") && a.query().startsWith("from-revision=0&"))
			.findFirst()
			.orElseThrow();
		ObjectNode body = (ObjectNode) JSON.readTree(page.response().body());
		ObjectNode first = (ObjectNode) body.path("changes").get(0).deepCopy();
		ObjectNode second = first.deepCopy();
		second.put("toRevision", first.path("toRevision").asLong() + 1);
		later.accept(second);
		body.putArray("changes").add(first).add(second);
		return ReplayedMis.read("st-johns",
				() -> replay.withBody(page, body.toString(), () -> reader.changes(0, null)));
	}

	@Example
	void aRecordsLaterStateOfTheWrongTypeRejectsTheRecordRatherThanKeepingItsEarlierState() throws Exception {
		MisRead read = twoStatesOfOneRecord(
				(later) -> ((ObjectNode) later.path("changedObject")).put("minutesLate", "5"));
		assertThat(read.marks()).isEmpty();
		assertThat(read.rejected()).singleElement().satisfies((r) -> {
			assertThat(r.reason()).isEqualTo("attendance record (change 2 of the changelog page after "
					+ "revision 0): 'minutesLate' is text, not a whole number");
			// With its day, so the day's stored mark is unreadable, not deleted.
			assertThat(r.date()).isNotNull();
		});
	}

	@Example
	void aChangeWhoseRevisionHasTheWrongTypeStillLandsItsMarkWithoutMovingTheRevision() throws Exception {
		MisRead valid = twoStatesOfOneRecord(
				(later) -> ((ObjectNode) later.path("changedObject")).put("minutesLate", 7));
		assertThat(valid.marks()).singleElement().satisfies((m) -> assertThat(m.minutesLate()).isEqualTo(7));
		MisRead read = twoStatesOfOneRecord((later) -> {
			((ObjectNode) later.path("changedObject")).put("minutesLate", 7);
			later.put("toRevision", "12");
		});
		assertThat(read.marks()).isEqualTo(valid.marks());
		assertThat(Long.parseLong(read.watermark())).isEqualTo(Long.parseLong(valid.watermark()) - 1);
		assertThat(read.rejected()).singleElement()
			.satisfies((r) -> assertThat(r.reason()).startsWith(
					"change 2 of the changelog page after revision 0: " + "'toRevision' is text, not a whole number"));
	}

	@Example
	void aSpokenAtHomeOfTheWrongTypeRejectsThatStudentAloneNamingFieldAndPlace() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("language-abilities");
		JsonNode abilities = JSON.readTree(answer.response().body()).path("languageAbilities");
		JsonNode ability = abilities.get(0);
		for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
			assertThat(replay.wrongTypedPupilField("st-johns", answer, "/languageAbilities/0/isSpokenAtHome", wrong,
					reader::pupils, "arbor-" + ability.path("student").path("id").asLong()))
				.startsWith("language ability " + ability.path("id").asLong() + " (item 1 of " + abilities.size()
						+ " read): 'isSpokenAtHome' is ");
		}
	}

	@Example
	void aWrongTypedSpokenAtHomeOfAStudentNoLongerListedKeepsNobodyOnRoll() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("language-abilities");
		ObjectNode tree = (ObjectNode) JSON.readTree(answer.response().body());
		ObjectNode ability = (ObjectNode) tree.path("languageAbilities").get(0);
		((ObjectNode) ability.path("student")).put("id", 987654321L);
		ability.put("isSpokenAtHome", "true");
		ReplayedMis.PupilsRead before = ReplayedMis.pupils(reader::pupils);
		ReplayedMis.PupilsRead read = replay.withBody(answer, tree.toString(),
				() -> ReplayedMis.pupils(reader::pupils));
		// A student who has left is not held on roll by what else is said of them.
		assertThat(read.rejected()).isEmpty();
		assertThat(read.pupils()).extracting(Pupil::id)
			.doesNotContain("arbor-987654321")
			.containsExactlyInAnyOrderElementsOf(before.pupils().stream().map(Pupil::id).toList());
	}

	@Example
	void aGuardianshipOrOptOutOfTheWrongTypeKeepsTheContactNeitherTextedNorHoldingIt() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("student-guardian-relationships");
		JsonNode relationships = JSON.readTree(answer.response().body()).path("studentGuardianRelationships");
		int i = 0;
		while (!relationships.get(i).path("isLegalGuardian").asBoolean()
				|| relationships.get(i).path("unsubscribedFromComms").asBoolean()) {
			i++;
		}
		JsonNode relationship = relationships.get(i);
		String pupilId = "arbor-" + relationship.path("student").path("id").asLong();
		String contactId = "arbor-guardian-" + relationship.path("guardian").path("id").asLong();
		String pointer = "/studentGuardianRelationships/" + i + "/";
		replay.wrongTypedContactFlags("st-johns", answer, pointer + "unsubscribedFromComms",
				pointer + "isLegalGuardian", reader::pupils, pupilId, contactId);
	}

	@Example
	void aRegisterTypesMorningOfTheWrongTypeRejectsTheRecordsOnItsRegistersEachWithItsDay() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("attendance-register-types");
		JsonNode types = JSON.readTree(answer.response().body()).path("attendanceRegisterTypes");
		// The afternoon's type: its morning is false, and now text.
		int afternoon = types.get(0).path("isAfternoon").asBoolean() ? 0 : 1;
		long typeId = types.get(afternoon).path("id").asLong();
		ObjectNode body = (ObjectNode) JSON.readTree(answer.response().body());
		((ObjectNode) body.path("attendanceRegisterTypes").get(afternoon)).put("isMorning", "false");
		MisRead read = ReplayedMis.read("st-johns",
				() -> replay.withBody(answer, body.toString(), () -> reader.everything(FROM, null)));
		List<Mark> lost = new ArrayList<>(everything.marks());
		lost.removeAll(read.marks());
		assertThat(lost).isNotEmpty().allMatch((m) -> m.session() == Session.PM);
		assertThat(read.marks()).hasSize(everything.marks().size() - lost.size())
			.allMatch((m) -> m.session() == Session.AM);
		List<RejectedRecord> rejected = read.rejected()
			.stream()
			.filter((r) -> r.reason().endsWith("'isMorning' is text, not a boolean"))
			.toList();
		assertThat(rejected).allSatisfy((r) -> {
			assertThat(r.reason())
				.matches("attendance record \\(item \\d+ of \\d+ read\\): its register \\d+ is of type " + typeId
						+ ", whose 'isMorning' is text, not a boolean");
			assertThat(r.date()).isNotNull();
		});
		// Every lost mark's day is reported, so its stored mark is unreadable, not
		// deleted.
		assertThat(rejected).extracting((r) -> r.pupilId() + "|" + r.date())
			.containsAll(lost.stream().map((m) -> m.pupilId() + "|" + m.date()).toList());
	}

	@Example
	void aSuccessOfTheWrongTypeLeavesTheAnswerUnreadableNamingTheField() throws Exception {
		ReplayedMis.Exchanged answer = firstPage("students");
		ObjectNode body = (ObjectNode) JSON.readTree(answer.response().body());
		for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
			body.putObject("response").set("success", wrong);
			assertThatThrownBy(() -> replay.withBody(answer, body.toString(), () -> reader.pupils((r) -> {
			}))).as(wrong.toString())
				.isInstanceOf(MisHttpException.class)
				.hasMessageStartingWith("st-johns: students answered an unreadable envelope: 'success' is ")
				.hasMessageEndingWith(", not a boolean");
		}
	}

}
