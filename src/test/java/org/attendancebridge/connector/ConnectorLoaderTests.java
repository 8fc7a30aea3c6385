package org.attendancebridge.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.attendancebridge.connector.ConnectorConfig.AlertDelivery;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.PolicyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connector files: the demo schools load, and every mistake names the file, line and key.
 */
class ConnectorLoaderTests {

	private static final String VALID = """
			id: school
			name: "A School"
			mis: arbor
			baseUrl: "https://school.uk.arbor.sc/rest-v2"
			credentials:
			  username: ARBOR_USER
			  password: ARBOR_PASSWORD
			policy: st-johns-way
			""";

	@TempDir
	Path folder;

	private final ConnectorLoader loader = new ConnectorLoader(Map.of("MOCK_MIS_URL", "http://127.0.0.1:9999")::get);

	private Path write(String text) throws IOException {
		return Files.writeString(this.folder.resolve("school.yaml"), text);
	}

	@Test
	void theDemoSchoolsLoadWithTheMockAddress() {
		List<ConnectorConfig> connectors = ConnectorLoader.connectorFiles(Path.of("connectors"))
			.stream()
			.map(this.loader::load)
			.toList();
		assertThat(connectors).extracting(ConnectorConfig::id)
			.containsExactly("graduated", "prevention", "st-johns", "staged", "toolkit");
		assertThat(connectors).extracting((c) -> c.mis().id())
			.containsExactly("classcharts", "arbor", "arbor", "sims", "wonde");
		ConnectorConfig stJohns = connectors.get(2);
		assertThat(stJohns.baseUrl()).hasToString("http://127.0.0.1:9999/arbor/st-johns/rest-v2/");
		assertThat(stJohns.credentials()).containsEntry("password", "ARBOR_ST_JOHNS_PASSWORD");
		assertThat(connectors.get(3).codeAliases()).containsEntry("X01", DfeCode.X);
		assertThat(stJohns.toString()).doesNotContain("PASSWORD");
	}

	@Test
	void defaultsApplyToAMinimalFile() throws IOException {
		ConnectorConfig config = this.loader.load(write(VALID));
		assertThat(config.timeZone().getId()).isEqualTo("Europe/London");
		assertThat(config.schedule()).isEqualTo(PollSchedule.DEFAULTS);
		assertThat(config.enabled()).isTrue();
		assertThat(config.allowPrivateNetwork()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"an unknown key; policy: st-johns-way; polcy: st-johns-way; school.yaml:8: polcy: unknown key 'polcy'",
			"an unknown MIS; mis: arbor; mis: capita; school.yaml:3: mis: unknown MIS 'capita'",
			"a line break in a value, shown escaped on the error's one line; mis: arbor; mis: \"cap\\nita\"; school.yaml:3: mis: unknown MIS 'cap\\nita'",
			"plain http; https://school; http://school; school.yaml:4: baseUrl: 'http://school.uk.arbor.sc/rest-v2' is not https",
			"a private address; school.uk.arbor.sc; 10.0.0.5; school.yaml:4: baseUrl: '10.0.0.5' is a private",
			"the metadata service; school.uk.arbor.sc; 169.254.169.254; school.yaml:4: baseUrl: '169.254.169.254' is a private, loopback or link-local",
			"loopback; school.uk.arbor.sc; 127.0.0.1; is a private, loopback",
			"localhost; school.uk.arbor.sc; localhost; 'localhost' is a loopback address",
			"credentials in the URL; https://school; https://me:pw@school; carries no user, password or query",
			"a secret instead of a variable; ARBOR_PASSWORD; hunter2; school.yaml:7: credentials.password: 'hunter2' is not an environment variable name",
			"a missing credential;   password: ARBOR_PASSWORD; ; arbor needs credential 'password'",
			"an unset placeholder; https://school.uk.arbor.sc; ${ARBOR_HOST}; placeholder ${ARBOR_HOST} is not set" })
	void aMistakeIsNamed(String what, String replace, String with, String expected) throws IOException {
		Path file = write(VALID.replace(replace, (with == null) ? "" : with));
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(file))
			.withMessageContaining(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';',
			value = { "a window the wrong way round; registerWindows: [\"10:00-08:45\"]; ends before it starts",
					"a window badly written; registerWindows: [\"8.45-10\"]; a window is written HH:MM-HH:MM",
					"a step that does not divide an hour; registerEveryMinutes: 7; 7 does not divide an hour",
					"an hourly step that is not whole hours; otherwiseEveryMinutes: 90; neither divides an hour",
					"a night time that is no time; nightly: \"2am\"; schedule.nightly: '2am' is not a time of day" })
	void aScheduleThatCannotRunIsNamed(String what, String line, String expected) throws IOException {
		Path file = write(VALID + "schedule:\n  " + line + "\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(file))
			.withMessageContaining(expected);
	}

	@Test
	void rolesAndCodeAliasesAreChecked() throws IOException {
		Path unknownRole = write(VALID + "roles:\n  head-teacher: [s1]\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(unknownRole))
			.withMessageContaining("school.yaml:10: roles.head-teacher: unknown key 'head-teacher'");
		Path badAlias = write(VALID + "codeAliases:\n  X01: H\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(badAlias))
			.withMessageContaining("codeAliases.X01: 'H' is not a DfE register code of the 2024 set");
		ConnectorConfig config = this.loader
			.load(write(VALID + "roles:\n  ewo: [s1, s2]\ncodeAliases:\n  \"@\": C1\n"));
		assertThat(config.roles()).containsEntry("ewo", List.of("s1", "s2"));
		assertThat(config.codeAliases()).containsEntry("@", DfeCode.C1);
	}

	@Test
	void aMisspeltRoleOrAnEmptyOneIsNamedWithItsFileAndKey() throws IOException {
		Path misspelt = write(VALID + "roles:\n  dsl: [s1]\n  sendco: s2\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(misspelt))
			.withMessageContaining("school.yaml:11: roles.sendco: unknown key 'sendco' (expected one of tutor,")
			.withMessageContaining("senco");
		Path empty = write(VALID + "roles:\n  senco: []\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(empty))
			.withMessageContaining("roles.senco: the role senco names no staff");
		Path badEmail = write(VALID + "roles:\n  dsl: dsl@school\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(badEmail))
			.withMessageContaining("roles.dsl: 'dsl@school' is neither a staff id nor an email address");
		ConnectorConfig config = this.loader.load(write(VALID + "roles:\n  dsl: dsl@school.example.sch.uk\n"));
		assertThat(StaffRoles.resolve(config, null))
			.containsExactly(new StaffRole("dsl", "dsl@school.example.sch.uk", "dsl@school.example.sch.uk", null));
		// The file fills only the roles the MIS does not provide.
		assertThat(StaffRoles.resolve(config, List.of(new StaffRole("dsl", "arbor-staff-9", "d@x.sch.uk", null))))
			.extracting(StaffRole::staffId)
			.containsExactly("arbor-staff-9");
	}

	@Test
	void dispatchSettingsAreReadAndChecked() throws IOException {
		assertThat(this.loader.load(write(VALID)).dispatch()).isEqualTo(ConnectorConfig.Dispatch.DEFAULTS);
		ConnectorConfig config = this.loader.load(write(VALID + "dispatch:\n  dryRunKinds: [letter]\n"
				+ "  approve: [letter, la-referral]\n  smsBreakerShare: 0.1\n  schoolPhone: \"01632 960 000\"\n"));
		assertThat(config.dispatch().dryRun("letter")).isTrue();
		assertThat(config.dispatch().dryRun("sms")).isFalse();
		assertThat(config.dispatch().approve()).containsExactlyInAnyOrder("letter", "la-referral");
		assertThat(config.dispatch().smsBreakerShare()).isEqualTo(0.1);
		assertThat(config.dispatch().schoolPhone()).isEqualTo("01632 960 000");
		Path unknownKind = write(VALID + "dispatch:\n  approve: [postcard]\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(unknownKind))
			.withMessageContaining("dispatch.approve")
			.withMessageContaining("unknown action kind 'postcard'");
		Path badShare = write(VALID + "dispatch:\n  smsBreakerShare: 2\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(badShare))
			.withMessageContaining("at most 1, not 2");
	}

	@Test
	void alertsGoIntoTheMisUnlessTheFileSaysEmailOrBoth() throws IOException {
		assertThat(this.loader.load(write(VALID)).dispatch().alerts()).containsExactly(AlertDelivery.MIS);
		assertThat(this.loader.load(write(VALID + "dispatch:\n  alerts: email\n")).dispatch().alerts())
			.containsExactly(AlertDelivery.EMAIL);
		assertThat(this.loader.load(write(VALID + "dispatch:\n  alerts: [email, mis]\n")).dispatch().alerts())
			.containsExactly(AlertDelivery.MIS, AlertDelivery.EMAIL);
		Path unknown = write(VALID + "dispatch:\n  alerts: [mis, pigeon]\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(unknown))
			.withMessageContaining("school.yaml:10: dispatch.alerts[1]: alerts go by 'mis', 'email' or both")
			.withMessageContaining("not 'pigeon'");
		Path none = write(VALID + "dispatch:\n  alerts: []\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(none))
			.withMessageContaining("school.yaml:10: dispatch.alerts: name at least one way alerts go");
		Path wonde = write(VALID.replace("mis: arbor", "mis: wonde")
			.replace("  username: ARBOR_USER\n  password: ARBOR_PASSWORD", "  token: WONDE_TOKEN")
				+ "dispatch:\n  alerts: mis\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(wonde))
			.withMessageContaining("school.yaml:9: dispatch.alerts: Wonde takes no staff alerts")
			.withMessageContaining("use alerts: email");
	}

	@Test
	void theRoleMapCarriesStaffEmailAddresses() throws IOException {
		ConnectorConfig config = this.loader.load(write(VALID + """
				roles:
				  dsl: {staff: staff-7, email: dsl@school.example.sch.uk}
				  senco: [senco@school.example.sch.uk]
				  key-worker: [staff-8, {staff: staff-9, email: kw9@school.example.sch.uk}]
				"""));
		assertThat(config.roles()).containsEntry("dsl", List.of("staff-7"))
			.containsEntry("key-worker", List.of("staff-8", "staff-9"));
		assertThat(config.staffEmails()).containsOnly(Map.entry("staff-7", "dsl@school.example.sch.uk"),
				Map.entry("staff-9", "kw9@school.example.sch.uk"));
		assertThat(StaffRoles.resolve(config, null)).containsExactly(
				new StaffRole("dsl", "staff-7", "dsl@school.example.sch.uk", null),
				new StaffRole("senco", "senco@school.example.sch.uk", "senco@school.example.sch.uk", null),
				new StaffRole("key-worker", "staff-8", null, null),
				new StaffRole("key-worker", "staff-9", "kw9@school.example.sch.uk", null));
		// An address given for a staff id fills in one the MIS serves without an address,
		// and never replaces one it has.
		assertThat(StaffRoles.resolve(config,
				List.of(new StaffRole("dsl", "staff-7", null, null),
						new StaffRole("senco", "staff-9", "mis@school.example.sch.uk", null))))
			.extracting(StaffRole::email)
			.containsExactly("dsl@school.example.sch.uk", "mis@school.example.sch.uk", null,
					"kw9@school.example.sch.uk");
	}

	@Test
	void alertsByEmailNeedAnAddressForEveryoneTheFileNames() throws IOException {
		Path missing = write(VALID + "roles:\n  dsl: [dsl@school.example.sch.uk]\n  senco: [staff-3]\n"
				+ "dispatch:\n  alerts: [mis, email]\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(missing))
			.withMessageContaining("school.yaml:11: roles.senco[0]: staff alerts go by email (dispatch.alerts), "
					+ "but 'staff-3' has no email address");
		Path badAddress = write(VALID + "roles:\n  dsl: {staff: staff-7, email: dsl@school}\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(badAddress))
			.withMessageContaining("school.yaml:10: roles.dsl.email: 'dsl@school' is neither");
		Path noStaff = write(VALID + "roles:\n  dsl: {email: dsl@school.example.sch.uk}\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(noStaff))
			.withMessageContaining("school.yaml:10: roles.dsl: missing key 'staff'");
		Path unknownKey = write(VALID + "roles:\n  dsl: {staff: s7, mail: dsl@school.example.sch.uk}\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(unknownKey))
			.withMessageContaining("roles.dsl.mail: unknown key 'mail' (expected one of staff, email)");
		Path twoAddresses = write(VALID + "roles:\n  dsl: {staff: s7, email: a@school.example.sch.uk}\n"
				+ "  senco: {staff: s7, email: b@school.example.sch.uk}\n");
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(twoAddresses))
			.withMessageContaining("school.yaml:11: roles.senco.email: 's7' already has another email address");
	}

	@Test
	void theIdMustMatchTheFileName() throws IOException {
		Path file = write(VALID.replace("id: school", "id: other"));
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> this.loader.load(file))
			.withMessageContaining("id 'other' does not match the file name 'school.yaml'");
	}

	@Test
	void registerWindowsBecomeWeekdayCronExpressions() {
		PollSchedule schedule = PollSchedule.DEFAULTS;
		assertThat(schedule.registerCrons()).containsExactly("0 45-59/2 8 ? * MON-FRI", "0 0/2 9 ? * MON-FRI",
				"0 0 10 ? * MON-FRI", "0 15-59/2 13 ? * MON-FRI", "0 0 14 ? * MON-FRI");
		PollSchedule wide = new PollSchedule(
				List.of(new PollSchedule.Window(LocalTime.of(8, 30), LocalTime.of(11, 15))), 5, 30, LocalTime.of(1, 5));
		assertThat(wide.registerCrons()).containsExactly("0 30-59/5 8 ? * MON-FRI", "0 0/5 9-10 ? * MON-FRI",
				"0 0-15/5 11 ? * MON-FRI");
		assertThat(wide.otherwiseCron()).isEqualTo("0 0/30 6-20 ? * MON-FRI");
		assertThat(schedule.otherwiseCron()).isEqualTo("0 0 6-20/1 ? * MON-FRI");
		assertThat(wide.nightlyCron()).isEqualTo("0 5 1 * * ?");
	}

}
