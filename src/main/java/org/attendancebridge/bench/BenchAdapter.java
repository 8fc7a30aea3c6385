package org.attendancebridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;

import org.attendancebridge.AdapterApplication;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorHealth;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisConnectors;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.SchoolState;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The adapter as the benchmarks run it: Spring Boot with the real routes
 * ({@code routes/}), connectors, store and policies, one connector file per mock school
 * (written to a folder of its own), the mock's simulated clock as the adapter's clock,
 * and no Quartz triggers: the benchmark sends each poll to the school's sync route
 * itself, as a trigger would.
 */
final class BenchAdapter implements AutoCloseable {

	private static final String USER_VARIABLE = "BENCH_ARBOR_USERNAME";

	private static final String PASSWORD_VARIABLE = "BENCH_ARBOR_PASSWORD";

	/** A school as its connector file names it. */
	record School(String id, String baseUrl, String policy) {
	}

	private final ConfigurableApplicationContext context;

	private final ProducerTemplate camel;

	private final PageLog pages = new PageLog();

	private final Path connectors;

	private BenchAdapter(Clock clock, Path connectors, Path policies, List<String> settings) {
		this.connectors = connectors;
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--spring.main.log-startup-info=false", "--logging.level.root=WARN",
				// Polls are sent by the benchmark, not Quartz.
				"--attendance-bridge.scheduling.enabled=false", "--attendance-bridge.connectors-dir=" + connectors,
				"--attendance-bridge.policies-dir=" + policies, "--camel.main.run-controller=false",
				// Any free port: several instances, or another adapter, may run beside
				// it.
				"--server.port=0", "--" + USER_VARIABLE + "=" + MockCredentials.ARBOR_USER,
				"--" + PASSWORD_VARIABLE + "=" + MockCredentials.ARBOR_PASSWORD));
		args.addAll(settings);
		this.context = new SpringApplicationBuilder(AdapterApplication.class).profiles("bench")
			.initializers((context) -> {
				// The adapter's clock is the school's: ClockConfiguration gives way to
				// it.
				context.getBeanFactory().registerSingleton("benchClock", clock);
				context.getBeanFactory().registerSingleton("benchPageLog", this.pages);
			})
			.run(args.toArray(String[]::new));
		this.camel = this.context.getBean(ProducerTemplate.class);
	}

	/**
	 * The adapter on the mock's schools, storing into the database, dispatching nothing:
	 * only storing and evaluating is timed.
	 */
	static BenchAdapter start(MockMis mock, List<SchoolState> schools, BenchDatabase database, Path policies) {
		for (SchoolState school : schools) {
			if (school.spec().mis() != MisKind.ARBOR) {
				throw new IllegalArgumentException("the benchmarks poll Arbor schools only, not " + school.id());
			}
		}
		List<String> settings = new ArrayList<>(database.settings());
		settings.add("--attendance-bridge.dispatch.enabled=false");
		return start(mock.clock(),
				schools.stream()
					.map((school) -> new School(school.id(), mock.baseUrl(school.id()), school.spec().policy()))
					.toList(),
				"", policies, settings);
	}

	/**
	 * Writes a connector file for each school and starts the adapter on them.
	 * @param dispatch the connector files' {@code dispatch:} settings (YAML lines), or
	 * empty
	 * @param settings further command-line settings for Spring Boot
	 */
	static BenchAdapter start(Clock clock, List<School> schools, String dispatch, Path policies,
			List<String> settings) {
		Path folder;
		try {
			folder = Files.createTempDirectory("attendance-bridge-bench-connectors");
			for (School school : schools) {
				Files.writeString(folder.resolve(school.id() + ".yaml"), connectorFile(school, dispatch));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the benchmark's connector files", ex);
		}
		try {
			return new BenchAdapter(clock, folder, policies, settings);
		}
		catch (RuntimeException ex) {
			deleteFolder(folder);
			throw ex;
		}
	}

	private static String connectorFile(School school, String dispatch) {
		return String.join("\n", "# Written by bench for one run.", "id: " + school.id(),
				"name: \"" + school.id() + "\"", "mis: arbor", "baseUrl: \"" + school.baseUrl() + "\"",
				"allowPrivateNetwork: true", "credentials:", "  username: " + USER_VARIABLE,
				"  password: " + PASSWORD_VARIABLE, "policy: " + school.policy(), "timeZone: Europe/London", dispatch);
	}

	/**
	 * One poll of a school through its sync route, as its Quartz trigger sends it.
	 * @throws IllegalStateException when the poll failed (its error, as the route's
	 * fallback logged it) or was skipped
	 */
	SyncReport poll(String school, SyncMode mode) {
		Object body = this.camel.requestBodyAndHeaders("direct:sync-" + school, null,
				Map.of("school", school, "mode", mode.name()));
		if (body instanceof SyncReport report) {
			return report;
		}
		String error = this.context.getBean(ConnectorHealth.class)
			.of(school)
			.map(ConnectorHealth.State::lastError)
			.orElse("no report");
		throw new IllegalStateException("the " + mode + " poll of " + school + " failed: " + error);
	}

	PageLog pages() {
		return this.pages;
	}

	/**
	 * The floor for one school: every request its polls sent since the log was last
	 * cleared, sent again through the same HTTP client (camel-http with the same retries)
	 * and parsed by the same Jackson, nothing stored.
	 * @return the requests sent
	 */
	int fetchAgain(String school) {
		ConnectorConfig config = this.context.getBean(ConnectorRegistry.class)
			.find(school)
			.orElseThrow(() -> new IllegalArgumentException("no connector for " + school));
		MisHttp http = this.context.getBean(MisConnectors.class).http(config);
		List<PageLog.Page> sent = this.pages.pages(config.baseUrl().toString());
		for (PageLog.Page page : sent) {
			MisAuth auth = MisAuth.fixed(page.headers());
			http.json(page.method(), page.path(),
					http.send(page.method(), page.path(), page.query(), null, null, auth));
		}
		return sent.size();
	}

	@Override
	public void close() {
		this.context.close();
		deleteFolder(this.connectors);
	}

	private static void deleteFolder(Path connectors) {
		try (var files = Files.list(connectors)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
			Files.delete(connectors);
		}
		catch (IOException ex) {
			// A temporary folder left behind is no reason to fail the run.
		}
	}

}
