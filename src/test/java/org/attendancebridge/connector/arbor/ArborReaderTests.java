package org.attendancebridge.connector.arbor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Arbor reader against the mock Arbor: every pupil and mark as the school has them.
 */
class ArborReaderTests {

	private static MockConnections connections;

	private static MockMis mock;

	private static ArborReader reader;

	private static SchoolState school;

	@BeforeAll
	static void start() {
		connections = new MockConnections(40);
		mock = connections.mock;
		school = mock.school("st-johns");
		ConnectorConfig config = connections.config("st-johns", MisKind.ARBOR, "st-johns-way");
		reader = new ArborReader(new ArborClient(connections.http(config),
				MisAuth.basic(MockCredentials.ARBOR_USER, MockCredentials.ARBOR_PASSWORD), "st-johns"), config);
	}

	@AfterAll
	static void stop() {
		connections.close();
	}

	@Test
	void everyPupilArrivesWithYearFlagsLanguageAndContacts() {
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = reader.pupils(rejected::add);
		assertThat(rejected).isEmpty();
		assertThat(pupils).hasSize(40);
		Map<String, Pupil> byId = pupils.stream().collect(Collectors.toMap(Pupil::id, Function.identity()));
		for (MockPupil expected : school.pupils()) {
			Pupil pupil = byId.get("arbor-" + expected.id());
			assertThat(pupil).as("pupil %s", expected.id()).isNotNull();
			assertThat(pupil.upn()).isEqualTo(expected.upn());
			assertThat(pupil.yearGroup()).isEqualTo(expected.yearGroup());
			assertThat(pupil.registrationGroup()).isEqualTo(expected.registrationGroup());
			assertThat(pupil.flags()).isEqualTo(expected.flags());
			assertThat(pupil.contacts()).hasSameSizeAs(expected.contacts());
			assertThat(pupil.contacts()).extracting((c) -> c.phone())
				.containsExactlyInAnyOrderElementsOf(expected.contacts().stream().map((c) -> c.mobile()).toList());
		}
		assertThat(pupils).anyMatch((p) -> p.has(PupilFlag.EAL) && !p.homeLanguage().equals("en"));
	}

	@Test
	void theChangelogFromTheStartHoldsEveryMarkWithItsDateSessionAndCode() {
		MisRead read = reader.changes(0, null);
		// Another test may have switched the unknown-code fault on: those marks are
		// rejected.
		List<RegisterMark> expected = school.marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE));
		assertThat(read.marks()).hasSize(expected.size());
		assertThat(read.rejected()).hasSize(school.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE)).size());
		Map<String, Mark> byRecord = read.marks()
			.stream()
			.collect(Collectors.toMap(Mark::sourceMarkId, Function.identity()));
		for (RegisterMark mark : expected) {
			Mark got = byRecord.get(String.valueOf(mark.id()));
			assertThat(got.pupilId()).isEqualTo("arbor-" + mark.pupilId());
			assertThat(got.date()).isEqualTo(mark.date());
			assertThat(got.session()).isEqualTo(mark.session());
			assertThat(got.code().symbol()).isEqualTo(mark.code());
		}
		assertThat(Long.parseLong(read.watermark())).isEqualTo(school.revision());
		// Nothing new since: the next poll reads nothing and keeps the watermark.
		MisRead again = reader.changes(Long.parseLong(read.watermark()), null);
		assertThat(again.marks()).isEmpty();
		assertThat(again.watermark()).isEqualTo(read.watermark());
	}

	@Test
	void theNightlyReadMatchesTheChangelog() {
		MisRead all = reader.everything(LocalDate.of(2024, 9, 1), null);
		assertThat(all.complete()).isTrue();
		assertThat(all.marks().size() + all.rejected().size()).isEqualTo(school.marks((m) -> true).size());
	}

	@Test
	void anAmendmentShowsInTheNextChangesAndAnUnknownCodeIsRejectedNotDropped() {
		long revision = school.revision();
		RegisterMark any = school.marks((m) -> m.code().equals("/")).get(0);
		school.amend(any.pupilId(), any.date(), any.session(), "L", 5, "late bus");
		mock.switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.UNKNOWN_CODE));
		MisRead read = reader.changes(revision, null);
		assertThat(read.marks()).anySatisfy((m) -> {
			assertThat(m.pupilId()).isEqualTo("arbor-" + any.pupilId());
			assertThat(m.code().symbol()).isEqualTo("L");
			assertThat(m.minutesLate()).isEqualTo(5);
		});
		assertThat(read.rejected()).isNotEmpty()
			.allSatisfy((r) -> assertThat(r.toString()).startsWith("st-johns: pupil arbor-")
				.contains("is not in the school's code table"));
		mock.clearFaults();
	}

	@Test
	void aRegisterTheMisCannotFindRejectsOnlyItsRecords() {
		RegisterMark any = school.marks((m) -> true).get(0);
		long registerId = any.date().toEpochDay() * 2 + any.session().ordinal();
		com.github.tomakehurst.wiremock.stubbing.StubMapping missing = mock.server()
			.stubFor(com.github.tomakehurst.wiremock.client.WireMock
				.get("/arbor/st-johns/rest-v2/attendance-registers/" + registerId)
				.atPriority(1)
				.willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
		try {
			MisRead read = reader.changes(0, null);
			long onThatRegister = school
				.marks((m) -> m.date().equals(any.date()) && m.session() == any.session()
						&& !m.code().equals(SchoolState.UNKNOWN_CODE))
				.size();
			// Each of those records is reported (one changed twice, twice), and nothing
			// else.
			assertThat(read.rejected()).filteredOn((r) -> r.reason().contains("is missing"))
				.hasSizeGreaterThanOrEqualTo((int) onThatRegister)
				.allSatisfy((r) -> assertThat(r.reason()).contains("its register " + registerId));
			assertThat(read.marks()).isNotEmpty()
				.noneMatch((m) -> m.date().equals(any.date()) && m.session() == any.session());
		}
		finally {
			mock.server().removeStub(missing);
		}
	}

}
