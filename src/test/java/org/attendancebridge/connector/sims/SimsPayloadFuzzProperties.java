package org.attendancebridge.connector.sims;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIMS answers gone wrong (the token, OData pages of learners, contacts, sessions and
 * records, the change feed, the XML code table): the reader comes back with what it could
 * use and names what it could not, or fails with a {@code MisHttpException} or
 * {@code SimsCodeTableException} naming the school. Never another exception, never a
 * hang.
 */
class SimsPayloadFuzzProperties extends PayloadFuzzing {

	private static final LocalDate YEAR_START = LocalDate.of(2024, 9, 2);

	private static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	private static final Instant NOW = Instant.parse("2024-11-11T08:40:00Z");

	private static ReplayedMis replay;

	private static ConnectorConfig config;

	private static List<ReplayedMis.Exchanged> answers;

	private static MisRead everything;

	@BeforeContainer
	static void record() {
		replay = new ReplayedMis();
		config = ReplayedMis.config("staged", MisKind.SIMS);
		try (MockConnections connections = new MockConnections(6)) {
			replay.record(connections, connections.config("staged", MisKind.SIMS, "staged-approach"),
					SimsPayloadFuzzProperties::readAll);
		}
		answers = replay.recorded();
		everything = reader().everything(YEAR_START, TODAY, NOW, null);
		assertThat(everything.marks()).hasSizeGreaterThan(100);
	}

	@AfterContainer
	static void stop() {
		replay.close();
	}

	private static SimsReader reader() {
		SimsToken token = new SimsToken(replay.http(config), "staged", MockCredentials.SIMS_CLIENT_ID,
				MockCredentials.SIMS_CLIENT_SECRET, MockCredentials.SIMS_SUBSCRIPTION_KEY,
				Clock.fixed(NOW, ZoneOffset.UTC));
		return new SimsReader(new SimsClient(replay.http(config), token, config, null), config);
	}

	private static Object readAll() {
		SimsReader reader = reader();
		List<Object> reads = new ArrayList<>();
		reads.add(ReplayedMis.pupils(reader::pupils));
		reads.add(reader.everything(YEAR_START, TODAY, NOW, null));
		reads.add(reader.changes(NOW.minusSeconds(3 * 24 * 3600), YEAR_START, TODAY, null));
		return reads;
	}

	@Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
	void anyAnswerChangedIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		replay.anyAnswerChanged("staged", mutation, SimsPayloadFuzzProperties::readAll, SimsCodeTableException.class);
	}

	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void oneAttendanceRecordChangedLosesNoOther(@ForAll("recordMutations") PayloadMutation mutation) {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("AttendanceRecords"))
			.findFirst()
			.orElseThrow();
		replay.oneRecordChanged("staged", answer, "value", mutation,
				() -> reader().everything(YEAR_START, TODAY, NOW, null), everything, 1);
	}

	@Example
	void aRecordWithoutExternalIdIsReportedAndTheOthersLand() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("AttendanceRecords"))
			.findFirst()
			.orElseThrow();
		String body = answer.response().body().replaceFirst("\"ExternalID\":\"[^\"]*\",", "");
		MisRead read = replay.withBody(answer, body, () -> reader().everything(YEAR_START, TODAY, NOW, null));
		assertThat(read.rejected()).extracting(RejectedRecord::reason)
			.anyMatch((reason) -> reason.startsWith("an attendance record without ExternalID"));
		assertThat(read.marks()).hasSize(everything.marks().size() - 1);
	}

	@Example
	void aTokenLivingPastTheEndOfTimeIsRenewedAfterADay() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("connect/token"))
			.findFirst()
			.orElseThrow();
		String body = answer.response().body().replaceFirst("\"expires_in\":[0-9]+", "\"expires_in\":1e400");
		assertThat(body).contains("1e400");
		assertThat(replay.withBody(answer, body, () -> ReplayedMis.pupils(reader()::pupils).pupils())).isNotEmpty();
	}

	@Example
	void aMinutesLateOfTheWrongTypeRejectsThatRecordAloneNamingFieldAndRecord() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("AttendanceRecords"))
			.findFirst()
			.orElseThrow();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			assertThat(replay.wrongTypedField("staged", answer, "/value/0/Qualifier/MinutesLate", wrong,
					() -> reader().everything(YEAR_START, TODAY, NOW, null), everything, 1))
				.matches("attendance record \\S+: Qualifier 'MinutesLate' is .*");
		}
	}

	@Example
	void aContactPriorityOfTheWrongTypeKeepsTheContactLastAndReportsIt() throws Exception {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("LearnerContacts"))
			.findFirst()
			.orElseThrow();
		JsonNode contact = new ObjectMapper().readTree(answer.response().body()).at("/value/0");
		String pupilId = "sims-" + contact.path("Learner").path("ExternalID").asText();
		String contactId = "sims-" + contact.path("ExternalID").asText();
		for (JsonNode wrong : ReplayedMis.wrongTypedNumbers()) {
			ReplayedMis.PupilsRead read = replay.wrongTypedContactField("staged", answer, "/value/0/Priority", wrong,
					reader()::pupils, pupilId, contactId);
			assertThat(read.contact(pupilId, contactId).priority()).isEqualTo(9);
		}
	}

	private static ReplayedMis.Exchanged first(String path) {
		return answers.stream().filter((a) -> a.path().equals(path)).findFirst().orElseThrow();
	}

	@Example
	void aLearnersFlagOfTheWrongTypeRejectsThatLearnerAloneNamingFieldAndPlace() throws Exception {
		ReplayedMis.Exchanged answer = first("LearnerIdentifiers");
		JsonNode learners = new ObjectMapper().readTree(answer.response().body()).path("value");
		String pupilId = "sims-" + learners.get(1).path("ExternalID").asText();
		for (String flag : List.of("PupilPremium", "ChildInNeed", "EAL")) {
			for (JsonNode wrong : ReplayedMis.wrongTypedBooleans()) {
				assertThat(replay.wrongTypedPupilField("staged", answer, "/value/1/" + flag, wrong, reader()::pupils,
						pupilId))
					.startsWith("LearnerIdentifiers (item 2 of " + learners.size() + " read): '" + flag + "' is ");
			}
		}
	}

	@Example
	void aContactsConsentOrResponsibilityOfTheWrongTypeKeepsTheContactNeitherTextedNorHoldingIt() throws Exception {
		ReplayedMis.Exchanged answer = first("LearnerContacts");
		JsonNode contacts = new ObjectMapper().readTree(answer.response().body()).path("value");
		int i = 0;
		while (!contacts.get(i).path("ReceivesTextMessages").asBoolean()
				|| !contacts.get(i).path("ParentalResponsibility").asBoolean()) {
			i++;
		}
		String pupilId = "sims-" + contacts.get(i).path("Learner").path("ExternalID").asText();
		String contactId = "sims-" + contacts.get(i).path("ExternalID").asText();
		replay.wrongTypedContactFlags("staged", answer, "/value/" + i + "/ReceivesTextMessages",
				"/value/" + i + "/ParentalResponsibility", reader()::pupils, pupilId, contactId);
	}

}
