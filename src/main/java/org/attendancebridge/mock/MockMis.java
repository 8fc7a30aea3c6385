package org.attendancebridge.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.attendancebridge.mock.admin.AdminSystem;
import org.attendancebridge.mock.arbor.ArborSystem;
import org.attendancebridge.mock.classcharts.ClassChartsSystem;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.fault.Faults;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.SchoolGenerator;
import org.attendancebridge.mock.school.SchoolSpec;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.mock.sims.SimsSystem;
import org.attendancebridge.mock.wonde.WondeSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The mock MIS: one WireMock server on 127.0.0.1 serving every simulated school under its
 * MIS's prefix, the admin calls under {@code /__mock} and WireMock's own admin API
 * (stubs, request journal) under {@code /__admin}. Start it, point connectors at
 * {@link #baseUrl(String)}, stop it.
 */
public final class MockMis implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MockMis.class);

	private final MockClock clock;

	private final Faults faults = new Faults();

	private final Map<String, SchoolState> schools = new LinkedHashMap<>();

	private final List<MockSystem> systems = new ArrayList<>();

	private final WireMockServer server;

	private MockMis(MockMisOptions options) {
		this.clock = new MockClock(options.start(), options.speed());
		SchoolGenerator generator = new SchoolGenerator(options.seed());
		for (SchoolSpec spec : options.schools()) {
			this.schools.put(spec.id(), generator.generate(spec, this.clock));
		}
		this.systems.add(new AdminSystem(this));
		this.systems.add(new ArborSystem(schoolsOn(MisKind.ARBOR), this.faults));
		this.systems.add(new WondeSystem(schoolsOn(MisKind.WONDE), this.faults));
		this.systems.add(new SimsSystem(schoolsOn(MisKind.SIMS), this.faults));
		this.systems.add(new ClassChartsSystem(schoolsOn(MisKind.CLASS_CHARTS), this.faults));
		this.systems.addAll(options.systems());
		List<Extension> extensions = this.systems.stream().flatMap(s -> s.extensions().stream()).toList();
		WireMockConfiguration configuration = options().port(options.port())
			.bindAddress("127.0.0.1")
			.jettyAcceptors(1)
			// HTTP/1.1 only, like the MIS APIs; WireMock cannot reset an h2c connection.
			.http2PlainDisabled(true)
			.usingFilesUnderDirectory(MockFiles.directory().resolve("wiremock-root").toString())
			.notifier(new Slf4jNotifier(false))
			.extensions(extensions.toArray(Extension[]::new));
		this.server = new WireMockServer(
				(options.journalEntries() > 0) ? configuration.maxRequestJournalEntries(options.journalEntries())
						: configuration.disableRequestJournal());
	}

	/** Generates the schools, starts the server and adds every system's stubs. */
	public static MockMis start(MockMisOptions options) {
		MockMis mock = new MockMis(options);
		mock.server.start();
		mock.systems.forEach(s -> s.register(mock.server));
		log.info("Mock MIS serving {} schools on port {}", mock.schools.size(), mock.port());
		return mock;
	}

	private Map<String, SchoolState> schoolsOn(MisKind kind) {
		return this.schools.entrySet()
			.stream()
			.filter(e -> e.getValue().spec().mis() == kind)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	public int port() {
		return this.server.port();
	}

	/** {@code http://127.0.0.1:P} */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** The base URL a connector for {@code school} on {@code system} uses. */
	public String baseUrl(MisKind system, String school) {
		return baseUrl() + switch (system) {
			case ARBOR -> "/arbor/" + school + "/rest-v2";
			case SIMS -> "/sims/" + school;
			case CLASS_CHARTS -> "/classcharts/" + school;
			case WONDE -> "/wonde/v1.0/schools/" + school;
		};
	}

	/** The base URL of a school on its own MIS. */
	public String baseUrl(String school) {
		return baseUrl(school(school).spec().mis(), school);
	}

	public MockClock clock() {
		return this.clock;
	}

	public SchoolState school(String id) {
		SchoolState school = this.schools.get(id);
		if (school == null) {
			throw new IllegalArgumentException("no school '" + id + "'");
		}
		return school;
	}

	public List<SchoolState> schools() {
		return List.copyOf(this.schools.values());
	}

	public WireMockServer server() {
		return this.server;
	}

	/** The system of this type served beside the MIS (the SMS gateway, CPOMS), if any. */
	public <T extends MockSystem> Optional<T> system(Class<T> type) {
		return this.systems.stream().filter(type::isInstance).map(type::cast).findFirst();
	}

	public Faults faults() {
		return this.faults;
	}

	/**
	 * Switches a fault on. Transport and paging faults wait for the requests they spoil;
	 * the event faults (late corrections, a deleted-then-restored pupil, an unknown code)
	 * change the school now. Returns what was done, by internal ids only.
	 */
	public String switchOn(FaultSwitch fault) {
		FaultKind.of(fault.kind().id());
		if (!fault.kind().isEvent()) {
			this.faults.add(fault);
			return fault.kind().id() + " on for " + fault.system()
					+ (fault.school() == null ? "" : "/" + fault.school())
					+ (fault.count() > 0 ? " for " + fault.count() + " requests" : " until cleared");
		}
		List<String> done = new ArrayList<>();
		for (SchoolState school : this.schools.values()) {
			if (!school.spec().mis().path().equals(fault.system())
					|| (fault.school() != null && !fault.school().equals(school.id()))) {
				continue;
			}
			switch (fault.kind()) {
				case LATE_CORRECTIONS -> done.add(school.id() + ": corrected "
						+ school.correctRecentMarks(Math.max(1, fault.count())).size() + " marks");
				case DELETED_RESTORED_PUPIL -> {
					List<MockPupil> pupils = school.pupils();
					MockPupil pupil = pupils.get(pupils.size() / 2);
					int minutes = fault.restoreAfterMinutes() > 0 ? fault.restoreAfterMinutes() : 60;
					school.deleteAndRestore(pupil.id(), Duration.ofMinutes(minutes));
					done.add(school.id() + ": pupil " + pupil.id() + " deleted, restored in " + minutes + " minutes");
				}
				default -> done.add(school.id() + ": "
						+ school.injectUnknownCode()
							.map(m -> "mark " + m.id() + " has an unknown code")
							.orElse("no mark to change"));
			}
		}
		if (done.isEmpty()) {
			throw new IllegalArgumentException(
					"no school on " + fault.system() + (fault.school() == null ? "" : " named " + fault.school()));
		}
		return String.join("; ", done);
	}

	public void clearFaults() {
		this.faults.clear();
	}

	public void stop() {
		this.server.stop();
		this.systems.forEach(MockSystem::shutDown);
	}

	@Override
	public void close() {
		stop();
	}

}
