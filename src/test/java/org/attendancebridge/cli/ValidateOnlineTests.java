package org.attendancebridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.attendancebridge.connector.ConnectorLoader;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.MockMisOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code validate --online} against the mock MIS with its SMS gateway and CPOMS, started
 * here: every demo school signed in to as its connector does, one wrong secret, one
 * address where nothing listens, one that resolves into a private network, one that does
 * not speak TLS, and the table naming what failed and what to check.
 */
class ValidateOnlineTests {

	private static MockMis mock;

	@TempDir
	Path folder;

	@BeforeAll
	static void startMock() {
		mock = MockMis.start(MockMisOptions.defaults().withRoll(5).withSpeed(0).withGateways());
	}

	@AfterAll
	static void stopMock() {
		mock.stop();
	}

	/** The credentials the mock takes, under the names the demo connector files give. */
	private static Map<String, String> environment() {
		Map<String, String> environment = new HashMap<>();
		environment.put("MOCK_MIS_URL", mock.baseUrl());
		Map.of("ARBOR_ST_JOHNS_USERNAME", MockCredentials.ARBOR_USER, "ARBOR_ST_JOHNS_PASSWORD",
				MockCredentials.ARBOR_PASSWORD, "ARBOR_PREVENTION_USERNAME", MockCredentials.ARBOR_USER,
				"ARBOR_PREVENTION_PASSWORD", MockCredentials.ARBOR_PASSWORD, "WONDE_TOOLKIT_TOKEN",
				MockCredentials.WONDE_TOKEN, "CLASSCHARTS_GRADUATED_USERNAME", MockCredentials.CLASS_CHARTS_EMAIL,
				"CLASSCHARTS_GRADUATED_PASSWORD", MockCredentials.CLASS_CHARTS_PASSWORD, "SIMS_STAGED_CLIENT_ID",
				MockCredentials.SIMS_CLIENT_ID, "SIMS_STAGED_CLIENT_SECRET", MockCredentials.SIMS_CLIENT_SECRET,
				"SIMS_STAGED_SUBSCRIPTION_KEY", MockCredentials.SIMS_SUBSCRIPTION_KEY)
			.forEach(environment::put);
		environment.put("CPOMS_BASE_URL", mock.baseUrl() + "/cpoms");
		environment.put("CPOMS_API_TOKEN", MockCredentials.CPOMS_TOKEN);
		environment.put("NOTIFY_BASE_URL", mock.baseUrl() + "/notify");
		environment.put("NOTIFY_API_KEY",
				"demo-" + MockCredentials.NOTIFY_SERVICE_ID + "-" + MockCredentials.NOTIFY_SECRET_KEY);
		// The mock is on this machine, over plain http.
		environment.put("CPOMS_ALLOW_PRIVATE_NETWORK", "true");
		environment.put("NOTIFY_ALLOW_PRIVATE_NETWORK", "true");
		return environment;
	}

	/** The demo connector files, copied to a folder of this test's. */
	private Path demoConnectors() throws IOException {
		Path connectors = Files.createDirectories(this.folder.resolve("connectors"));
		for (Path file : ConnectorLoader.connectorFiles(Path.of("connectors"))) {
			Files.copy(file, connectors.resolve(file.getFileName()));
		}
		return connectors;
	}

	private static void connector(Path folder, String id, String mis, String baseUrl, String credentials,
			boolean allowPrivate) throws IOException {
		Files.writeString(folder.resolve(id + ".yaml"),
				"id: " + id + "\nname: " + id + "\nmis: " + mis + "\nbaseUrl: \"" + baseUrl + "\"\n"
						+ (allowPrivate ? "allowPrivateNetwork: true\n" : "") + "credentials: " + credentials
						+ "\npolicy: st-johns-way\n");
	}

	/** Names the test's own resolve to a fixed address; the rest as the system does. */
	private static OnlineChecks.Resolver resolver(Map<String, String> hosts) {
		return (host) -> {
			if (hosts.containsKey(host)) {
				return new InetAddress[] { InetAddress.getByName(hosts.get(host)) };
			}
			if (host.endsWith(".invalid")) {
				throw new UnknownHostException(host);
			}
			return InetAddress.getAllByName(host);
		};
	}

	private record Run(int status, String out, String err) {

		/** The table's line for a school's system. */
		String row(String school, String system) {
			return this.out.lines()
				.filter((line) -> line.startsWith(school + " ") && line.contains(" " + system + " "))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no row for " + school + " " + system + " in\n" + this.out));
		}

	}

	private static Run validate(Map<String, String> environment, OnlineChecks.Resolver resolver, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = ValidateCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), environment::get, resolver, Clock.systemUTC());
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void everyDemoSchoolCpomsAndTheGatewaySignInWithTheirCredentials() throws IOException {
		Run run = validate(environment(), resolver(Map.of()), "--connectors", demoConnectors().toString(), "--online");
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		assertThat(run.out()).contains("ok policies/st-johns-way.yaml")
			.containsPattern("school +system +address +reachable +authenticated +detail")
			.endsWith("every check passed\n");
		assertThat(run.row("st-johns", "arbor")).contains(mock.baseUrl() + "/arbor/st-johns/rest-v2/")
			.containsPattern(" yes +yes +signed in; \\d+ attendance mark types read");
		assertThat(run.row("staged", "sims")).containsPattern(" yes +yes +signed in; token issued and code table read");
		assertThat(run.row("graduated", "classcharts")).containsPattern(" yes +yes +signed in; \\d+ attendance codes");
		assertThat(run.row("toolkit", "wonde")).containsPattern(" yes +yes +signed in; \\d+ attendance codes");
		assertThat(run.row("all", "cpoms")).containsPattern(" yes +yes +signed in; \\d+ categories read")
			.endsWith("(warning: private address 127.0.0.1, plain http: fine for a local mock only)");
		assertThat(run.row("all", "sms-gateway")).containsPattern(" yes +yes +signed in; texts can be looked up");
	}

	@Test
	void theTableNamesWhatFailedAndWhatToCheckWithoutPrintingASecret() throws IOException {
		Path connectors = demoConnectors();
		connector(connectors, "unreachable", "arbor", "http://127.0.0.1:" + closedPort() + "/rest-v2",
				"{username: ARBOR_ST_JOHNS_USERNAME, password: ARBOR_ST_JOHNS_PASSWORD}", true);
		connector(connectors, "inside", "wonde", "https://mis.school.example/v1.0/schools/1",
				"{token: WONDE_TOOLKIT_TOKEN}", false);
		connector(connectors, "no-tls", "wonde", "https://127.0.0.1:" + mock.port() + "/wonde/toolkit/v1.0",
				"{token: WONDE_TOOLKIT_TOKEN}", true);
		connector(connectors, "no-dns", "wonde", "https://mis.nowhere.invalid/v1.0/schools/2",
				"{token: WONDE_TOOLKIT_TOKEN}", false);
		Map<String, String> environment = environment();
		environment.put("SIMS_STAGED_CLIENT_SECRET", "not-the-secret");
		environment.put("ARBOR_PREVENTION_PASSWORD", "not-the-password");
		environment.put("CPOMS_API_TOKEN", "not-the-token");

		Run run = validate(environment, resolver(Map.of("mis.school.example", "10.1.2.3")), "--connectors",
				connectors.toString(), "--online");
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.row("staged", "sims")).containsPattern(
				" yes +no +400 from connect/token: " + "check SIMS_STAGED_CLIENT_ID and SIMS_STAGED_CLIENT_SECRET$");
		assertThat(run.row("prevention", "arbor")).containsPattern(
				" yes +no +401 from attendance-marks: check ARBOR_PREVENTION_USERNAME and ARBOR_PREVENTION_PASSWORD$");
		assertThat(run.row("unreachable", "arbor")).containsPattern(" no +- +connection refused");
		assertThat(run.row("inside", "wonde")).contains("https://mis.school.example/v1.0/schools/1/")
			.containsPattern(" no +- +address is private \\(10\\.1\\.2\\.3\\): refused");
		assertThat(run.row("no-tls", "wonde")).containsPattern(" no +- +TLS error: ");
		assertThat(run.row("no-dns", "wonde")).containsPattern(" no +- +host not found: mis\\.nowhere\\.invalid");
		assertThat(run.row("all", "cpoms"))
			.containsPattern(" yes +no +401 from /api/v1/categories: check CPOMS_API_TOKEN");
		assertThat(run.row("st-johns", "arbor")).containsPattern(" yes +yes +signed in");
		assertThat(run.row("all", "sms-gateway")).containsPattern(" yes +yes +signed in");
		assertThat(run.out()).endsWith("7 of 11 checks failed\n");
		for (String secret : List.of(MockCredentials.ARBOR_PASSWORD, MockCredentials.SIMS_CLIENT_SECRET,
				MockCredentials.SIMS_SUBSCRIPTION_KEY, MockCredentials.WONDE_TOKEN,
				MockCredentials.CLASS_CHARTS_PASSWORD, MockCredentials.NOTIFY_SECRET_KEY, "not-the-secret",
				"not-the-password", "not-the-token")) {
			assertThat(run.out()).doesNotContain(secret);
		}
	}

	@Test
	void cpomsAndTheGatewayOnAPrivateAddressAreRefusedUnlessTheirSettingAllowsIt() throws IOException {
		Map<String, String> environment = environment();
		environment.remove("CPOMS_ALLOW_PRIVATE_NETWORK");
		environment.put("NOTIFY_ALLOW_PRIVATE_NETWORK", "false");
		Path connectors = Files.createDirectories(this.folder.resolve("only"));
		Files.copy(Path.of("connectors/toolkit.yaml"), connectors.resolve("toolkit.yaml"));
		Run run = validate(environment, resolver(Map.of()), "--connectors", connectors.toString(), "--online");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.row("all", "cpoms")).containsPattern(
				" no +- +private address 127\\.0\\.0\\.1, plain http: refused \\(CPOMS_ALLOW_PRIVATE_NETWORK=true is for a local mock only\\)$");
		assertThat(run.row("all", "sms-gateway")).containsPattern(
				" no +- +private address 127\\.0\\.0\\.1, plain http: refused \\(NOTIFY_ALLOW_PRIVATE_NETWORK=true is for a local mock only\\)$");
		assertThat(run.row("toolkit", "wonde")).containsPattern(" yes +yes +signed in");
		assertThat(run.out()).endsWith("2 of 3 checks failed\n");
	}

	@Test
	void thePrivateNetworkSettingsAreReadAsTheAdapterReadsThem() throws IOException {
		Path connectors = Files.createDirectories(this.folder.resolve("only"));
		Files.copy(Path.of("connectors/toolkit.yaml"), connectors.resolve("toolkit.yaml"));
		Map<String, String> environment = environment();
		environment.put("CPOMS_ALLOW_PRIVATE_NETWORK", " TRUE ");
		environment.put("NOTIFY_ALLOW_PRIVATE_NETWORK", "True");
		Run run = validate(environment, resolver(Map.of()), "--connectors", connectors.toString(), "--online");
		assertThat(run.row("all", "cpoms")).containsPattern(" yes +yes +signed in");
		assertThat(run.row("all", "sms-gateway")).containsPattern(" yes +yes +signed in");
		environment.put("CPOMS_ALLOW_PRIVATE_NETWORK", "on");
		environment.put("NOTIFY_ALLOW_PRIVATE_NETWORK", "yes");
		run = validate(environment, resolver(Map.of()), "--connectors", connectors.toString(), "--online");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.row("all", "cpoms")).endsWith("CPOMS_ALLOW_PRIVATE_NETWORK: 'on' is neither true nor false");
		assertThat(run.row("all", "sms-gateway"))
			.endsWith("NOTIFY_ALLOW_PRIVATE_NETWORK: 'yes' is neither true nor false");
	}

	@Test
	void aCredentialVariableNotSetIsNamedAndTheAddressStillTried() throws IOException {
		Map<String, String> environment = Map.of("MOCK_MIS_URL", mock.baseUrl());
		Path connectors = Files.createDirectories(this.folder.resolve("only"));
		Files.copy(Path.of("connectors/toolkit.yaml"), connectors.resolve("toolkit.yaml"));
		Run run = validate(environment, resolver(Map.of()), "--connectors", connectors.toString(), "--online");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.row("toolkit", "wonde")).containsPattern(" yes +- +not signed in: WONDE_TOOLKIT_TOKEN not set$");
		assertThat(run.row("all", "cpoms")).containsPattern(" - +- +not configured: CPOMS_BASE_URL is not set");
		assertThat(run.row("all", "sms-gateway")).containsPattern(" - +- +not configured: NOTIFY_API_KEY is not set");
		assertThat(run.out()).endsWith("1 of 3 checks failed (2 not checked)\n");

		Map<String, String> misTyped = new HashMap<>(environment);
		misTyped.put("CPOMS_BASE_URL", "school.cpoms.net");
		misTyped.put("CPOMS_API_TOKEN", "a-token");
		Run typo = validate(misTyped, resolver(Map.of()), "--connectors", connectors.toString(), "--online");
		assertThat(typo.row("all", "cpoms"))
			.containsPattern(" - +- +CPOMS_BASE_URL is not an http\\(s\\) URL with a host: 'school.cpoms.net'$");
		assertThat(typo.out()).doesNotContain("a-token");
	}

	@Test
	void withoutOnlineNothingIsContactedAndOnlineIsAFlag() {
		Run offline = validate(environment(), resolver(Map.of()));
		assertThat(offline.status()).isZero();
		assertThat(offline.out()).doesNotContain("reachable");
		assertThatThrownBy(() -> validate(environment(), resolver(Map.of()), "--online", "--online"))
			.isInstanceOf(InputException.class)
			.hasMessage("validate: --online is given twice");
	}

}
