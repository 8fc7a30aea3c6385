package org.attendancebridge.connector.sims;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.ReplayedMis;
import org.attendancebridge.connector.RetryPolicy;
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
 * The SIMS reader against the mock SIMS: windows, paging with and without continuation
 * links, pages that shift mid-read, the change feed, unknown codes and a token that dies
 * mid-read. Requests go through a Camel context of the test's own, whose event notifier
 * lets a test act between two pages of one read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimsReaderTests {

	private static final LocalDate YEAR_START = LocalDate.of(2024, 8, 1);

	private static final LocalDate TODAY = LocalDate.of(2024, 11, 11);

	private static MockConnections connections;

	private static MockMis mock;

	private static SchoolState school;

	private static ConnectorConfig config;

	private static CamelContext camel;

	/** Run once after the next response whose path contains {@link #afterPath}. */
	private static final AtomicReference<Runnable> afterNext = new AtomicReference<>();

	private static volatile String afterPath = "";

	/** Requests sent, by what their path contains: token, 401 answers. */
	private static final AtomicInteger tokenRequests = new AtomicInteger();

	private static final AtomicInteger unauthorised = new AtomicInteger();

	@BeforeAll
	static void start() {
		connections = new MockConnections(40);
		mock = connections.mock;
		school = mock.school("staged");
		config = connections.config("staged", MisKind.SIMS, "staged-approach");
		camel = new DefaultCamelContext();
		camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
		camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
			@Override
			public void notify(CamelEvent event) {
				if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
					return;
				}
				Exchange exchange = sent.getExchange();
				String path = String.valueOf(exchange.getIn().getHeader(Exchange.HTTP_PATH));
				if (path.contains("connect/token")) {
					tokenRequests.incrementAndGet();
				}
				if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 401) {
					unauthorised.incrementAndGet();
				}
				if (path.contains(afterPath)) {
					Runnable action = afterNext.getAndSet(null);
					if (action != null) {
						action.run();
					}
				}
			}
		});
		camel.start();
	}

	@AfterAll
	static void stop() {
		camel.stop();
		connections.close();
	}

	@AfterEach
	void clear() {
		mock.clearFaults();
		afterNext.set(null);
	}

	private static SimsReader reader(Integer pageSize) {
		MisHttp http = new MisHttp(camel.createProducerTemplate(), config,
				new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(1)), (d) -> {
				});
		SimsToken token = new SimsToken(http, "staged", MockCredentials.SIMS_CLIENT_ID,
				MockCredentials.SIMS_CLIENT_SECRET, MockCredentials.SIMS_SUBSCRIPTION_KEY, mock.clock());
		return new SimsReader(new SimsClient(http, token, config, pageSize), config);
	}

	private static void afterNextPageOf(String path, Runnable action) {
		afterPath = path;
		afterNext.set(action);
	}

	private static List<RegisterMark> readable(List<RegisterMark> marks) {
		return marks.stream().filter((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE)).toList();
	}

	private static void assertMarksAre(MisRead read, List<RegisterMark> expected) {
		Map<String, Mark> byRecord = read.marks()
			.stream()
			.collect(Collectors.toMap(Mark::sourceMarkId, Function.identity()));
		assertThat(byRecord).hasSameSizeAs(read.marks());
		assertThat(byRecord.keySet())
			.containsExactlyInAnyOrderElementsOf(expected.stream().map((m) -> "AR-" + m.id()).toList());
		for (RegisterMark mark : expected) {
			Mark got = byRecord.get("AR-" + mark.id());
			assertThat(got.pupilId()).isEqualTo("sims-L-" + mark.pupilId());
			assertThat(got.date()).isEqualTo(mark.date());
			assertThat(got.session()).isEqualTo(mark.session());
			assertThat(got.code().symbol()).isEqualTo(mark.code());
			assertThat(got.minutesLate()).isEqualTo(mark.minutesLate());
			assertThat(got.sourceSystem()).isEqualTo("sims");
		}
	}

	@Test
	@Order(1)
	void everyPupilArrivesWithYearFlagsLanguageAndContacts() {
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = reader(null).pupils(rejected::add);
		assertThat(rejected).isEmpty();
		assertThat(pupils).hasSize(40);
		Map<String, Pupil> byId = pupils.stream().collect(Collectors.toMap(Pupil::id, Function.identity()));
		for (MockPupil expected : school.pupils()) {
			Pupil pupil = byId.get("sims-L-" + expected.id());
			assertThat(pupil).as("pupil %s", expected.id()).isNotNull();
			assertThat(pupil.upn()).isEqualTo(expected.upn());
			assertThat(pupil.yearGroup()).isEqualTo(expected.yearGroup());
			assertThat(pupil.registrationGroup()).isEqualTo(expected.registrationGroup());
			assertThat(pupil.flags()).isEqualTo(expected.flags());
			assertThat(pupil.misIds()).containsEntry("sims", "L-" + expected.id());
			assertThat(pupil.contacts()).extracting((c) -> c.phone())
				.containsExactlyInAnyOrderElementsOf(expected.contacts().stream().map((c) -> c.mobile()).toList());
			assertThat(pupil.contacts()).extracting((c) -> c.priority()).isSorted();
			if (!expected.has(PupilFlag.EAL)) {
				assertThat(pupil.homeLanguage()).isEqualTo("en");
			}
		}
		assertThat(pupils)
			.anyMatch((p) -> p.has(PupilFlag.EAL) && p.homeLanguage().length() == 2 && !p.homeLanguage().equals("en"));
	}

	@Test
	@Order(2)
	void windowsCoverThePeriodInAtMostNinetyDaysEach() {
		List<SimsReader.Window> windows = SimsReader.windows(YEAR_START, LocalDate.of(2025, 7, 31));
		assertThat(windows.get(0).from()).isEqualTo(YEAR_START);
		assertThat(windows.get(windows.size() - 1).to()).isEqualTo(LocalDate.of(2025, 7, 31));
		for (int i = 0; i < windows.size(); i++) {
			SimsReader.Window window = windows.get(i);
			assertThat(window.to()).isBetween(window.from(), window.from().plusDays(SimsReader.WINDOW_DAYS - 1));
			if (i > 0) {
				assertThat(window.from()).isEqualTo(windows.get(i - 1).to().plusDays(1));
			}
		}
		assertThat(SimsReader.windows(TODAY, TODAY)).containsExactly(new SimsReader.Window(TODAY, TODAY));
	}

	@Test
	@Order(2)
	void aWatermarkBeyondTheChangeFeedsNinetyDaysMeansAWholeRead() {
		Instant now = mock.clock().instant();
		assertThat(SimsReader.changesReach(now.minus(Duration.ofDays(10)), now)).isTrue();
		assertThat(SimsReader.changesReach(now.minus(Duration.ofDays(95)), now)).isFalse();
	}

	@Test
	@Order(3)
	void aWholeReadInWindowsHoldsEveryMarkWithItsStatutoryCode() {
		Instant now = mock.clock().instant();
		MisRead read = reader(null).everything(YEAR_START, TODAY, now, null);
		assertThat(read.complete()).isTrue();
		assertMarksAre(read, readable(school.marks((m) -> true)));
		assertThat(read.rejected()).hasSize(school.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE)).size());
		assertThat(Instant.parse(read.watermark())).isEqualTo(now.minus(SimsReader.CLOCK_MARGIN));
	}

	@Test
	@Order(4)
	void fullPagesWithoutAContinuationLinkAreFollowedBySkip() {
		// With $top set, SIMS sends no @odata.nextLink at all.
		SimsReader paged = reader(7);
		assertThat(ReplayedMis.pupils(paged::pupils).pupils()).hasSize(40)
			.allSatisfy((p) -> assertThat(p.contacts()).isNotEmpty())
			.extracting(Pupil::id)
			.doesNotHaveDuplicates();
		MisRead read = reader(SimsClient.SERVER_PAGE).everything(YEAR_START, TODAY, mock.clock().instant(), null);
		assertMarksAre(read, readable(school.marks((m) -> true)));
	}

	@Test
	@Order(5)
	void theChangeFeedFromTheWatermarkBringsACorrectionAndMovesTheWatermarkOn() {
		SimsReader reader = reader(null);
		MisRead whole = reader.everything(YEAR_START, TODAY, mock.clock().instant(), null);
		Instant watermark = Instant.parse(whole.watermark());
		RegisterMark any = school.marks((m) -> m.code().equals("N")).get(0);
		RegisterMark amended = school.amend(any.pupilId(), any.date(), any.session(), "I", null, "ill");
		MisRead changes = reader.changes(watermark, YEAR_START, TODAY, null);
		assertThat(changes.complete()).isFalse();
		assertThat(changes.marks()).anySatisfy((m) -> {
			assertThat(m.sourceMarkId()).isEqualTo("AR-" + any.id());
			assertThat(m.date()).isEqualTo(any.date());
			assertThat(m.session()).isEqualTo(any.session());
			assertThat(m.code().symbol()).isEqualTo("I");
		});
		assertThat(Instant.parse(changes.watermark())).isEqualTo(amended.updatedAt());
		// Nothing since: the next read brings only the minute of overlap and keeps the
		// watermark where it is.
		MisRead again = reader.changes(Instant.parse(changes.watermark()), YEAR_START, TODAY, null);
		assertThat(again.watermark()).isEqualTo(changes.watermark());
		assertThat(again.marks()).hasSizeLessThan(5);
	}

	@Test
	@Order(6)
	void aRecordThatMovesWhilePagingMakesTheFeedReadAgainSoNothingIsSteppedOver() {
		Instant since = mock.clock().instant().minus(Duration.ofDays(30));
		Instant asked = since.minus(SimsReader.OVERLAP);
		List<RegisterMark> before = school.updatedAfter(asked);
		assertThat(before).hasSizeGreaterThan(SimsClient.SERVER_PAGE);
		RegisterMark first = before.get(0);
		AtomicReference<RegisterMark> moved = new AtomicReference<>();
		// After the first page, the first record is corrected: it goes to the end of the
		// feed and every record behind it moves up one place.
		afterNextPageOf("SIMS.Changes", () -> moved.set(school.amend(first.pupilId(), first.date(), first.session(),
				first.code().equals("M") ? "I" : "M", null, "corrected")));
		MisRead read = reader(null).changes(since, YEAR_START, TODAY, null);
		assertThat(moved.get()).isNotNull();
		assertMarksAre(read, readable(school.updatedAfter(asked)));
		assertThat(read.marks()).filteredOn((m) -> m.sourceMarkId().equals("AR-" + first.id()))
			.singleElement()
			.satisfies((m) -> assertThat(m.code().symbol()).isEqualTo(moved.get().code()));
	}

	@Test
	@Order(7)
	void anUnknownCodeIsRejectedWithSchoolPupilDateAndCodeAndTheRestLands() {
		SimsReader reader = reader(null);
		Instant since = mock.clock().instant().minus(Duration.ofDays(3));
		mock.switchOn(FaultSwitch.of("sims", "staged", FaultKind.UNKNOWN_CODE));
		List<RegisterMark> broken = school.marks((m) -> m.code().equals(SchoolState.UNKNOWN_CODE));
		assertThat(broken).isNotEmpty();
		MisRead read = reader.everything(YEAR_START, TODAY, mock.clock().instant(), null);
		assertMarksAre(read, readable(school.marks((m) -> true)));
		assertThat(read.rejected()).hasSameSizeAs(broken);
		for (RegisterMark mark : broken) {
			assertThat(read.rejected()).contains(new RejectedRecord("staged", "sims-L-" + mark.pupilId(), mark.date(),
					"SIMS code '!' is not in the school's code table"));
		}
		MisRead changes = reader.changes(since, YEAR_START, TODAY, null);
		assertThat(changes.rejected()).extracting(RejectedRecord::pupilId)
			.contains("sims-L-" + broken.get(broken.size() - 1).pupilId());
		assertThat(changes.marks()).isNotEmpty();
	}

	@Test
	@Order(8)
	void aTokenRevokedMidReadIsRenewedAndTheReadCompletes() {
		SimsReader reader = reader(null);
		int tokensBefore = tokenRequests.get();
		int refusedBefore = unauthorised.get();
		afterNextPageOf("AttendanceRecords",
				() -> mock.switchOn(FaultSwitch.of("sims", "staged", FaultKind.TOKEN_EXPIRY).times(1)));
		MisRead read = reader.everything(YEAR_START, TODAY, mock.clock().instant(), null);
		assertMarksAre(read, readable(school.marks((m) -> true)));
		assertThat(unauthorised.get() - refusedBefore).isEqualTo(1);
		assertThat(tokenRequests.get() - tokensBefore).isEqualTo(2);
	}

	@Test
	@Order(9)
	void aTokenPastItsExpiryIsRenewedBeforeTheRequestNotAfterARefusal() {
		SimsReader reader = reader(null);
		assertThat(ReplayedMis.pupils(reader::pupils).pupils()).hasSize(40);
		int tokensBefore = tokenRequests.get();
		int refusedBefore = unauthorised.get();
		mock.clock().set(mock.clock().instant().plus(Duration.ofHours(2)), 0);
		assertThat(ReplayedMis.pupils(reader::pupils).pupils()).hasSize(40);
		assertThat(tokenRequests.get() - tokensBefore).isEqualTo(1);
		assertThat(unauthorised.get()).isEqualTo(refusedBefore);
	}

}
