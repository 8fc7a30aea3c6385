package org.attendancebridge.logging;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.store.MockSchoolClock;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PollIntegrationTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Correlation ids in the logs, through the real routes against the mock MIS: every line
 * of one poll carries the same {@code poll-<school>-<instance>-<n>}, every line of one
 * action's dispatch its reference, and every HTTP request an id it was given or was made
 * for it, echoed in {@code X-Correlation-Id}. The console pattern prints the id; no id
 * ever holds anything about a pupil.
 */
@SpringBootTest(properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
		"attendance-bridge.dispatch.node=test-node", "spring.main.banner-mode=off" })
@AutoConfigureMockMvc
@Import(MockSchoolClock.class)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorrelationIdTests {

	static final MockMis MOCK = PollIntegrationTests.startMock();

	private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

	@Autowired
	MockMvc mvc;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	RouteCorrelation correlation;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		PollIntegrationTests.mockProperties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:correlation;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	/** After the context started: Spring Boot resets Logback as it starts. */
	@BeforeEach
	void captureLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender("correlation-capture") == null) {
			LOGS.setName("correlation-capture");
			LOGS.start();
			root.addAppender(LOGS);
		}
		MOCK.clearFaults();
	}

	@AfterAll
	static void releaseLogs() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
	}

	private static List<ILoggingEvent> linesWith(String id) {
		return List.copyOf(LOGS.list)
			.stream()
			.filter((event) -> id.equals(event.getMDCPropertyMap().get(Correlation.KEY)))
			.toList();
	}

	private static Set<String> idsStartingWith(String prefix) {
		Set<String> ids = new TreeSet<>();
		for (ILoggingEvent event : List.copyOf(LOGS.list)) {
			String id = event.getMDCPropertyMap().get(Correlation.KEY);
			if (id != null && id.startsWith(prefix)) {
				ids.add(id);
			}
		}
		return ids;
	}

	private void poll(String school) {
		this.camel.sendBodyAndHeaders("direct:sync-" + school, null, Map.of("school", school, "mode", "HOURLY"));
	}

	@Test
	@Order(1)
	void everyLineOfOnePollCarriesTheSameId(CapturedOutput output) {
		// One 429 first, so the poll has a retry to log beside its report.
		MOCK.switchOn(FaultSwitch.of("arbor", "st-johns", FaultKind.RATE_LIMIT).withRetryAfter(1).times(1));
		poll("st-johns");
		assertThat(MDC.get(Correlation.KEY)).as("nothing is left on the polling thread").isNull();

		Set<String> ids = idsStartingWith("poll-st-johns-");
		assertThat(ids).hasSize(1);
		String id = ids.iterator().next();
		// This instance's part, then its count of the school's polls.
		assertThat(id).matches("poll-st-johns-" + this.correlation.instance() + "-\\d+");
		List<String> lines = linesWith(id).stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines).hasSizeGreaterThanOrEqualTo(2)
			.anyMatch((line) -> line.contains("429"))
			.anyMatch((line) -> line.startsWith("Polled st-johns (HOURLY)"));
		// The console pattern prints it.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Polled st-johns (HOURLY)")))
			.allMatch((line) -> line.contains("[" + id + "] "));

		poll("st-johns");
		assertThat(idsStartingWith("poll-st-johns-")).hasSize(2).contains(id);
	}

	@Test
	@Order(2)
	void everyLineOfOneActionsDispatchCarriesItsReference() {
		String pupil = this.jdbc
			.queryForList("select pupil_id from pupil where school_id = 'st-johns' order by pupil_id", Map.of(),
					String.class)
			.get(0);
		PlannedAction note = new PlannedAction("correlation-test|1", "st-johns", pupil, "test-policy", 1, "TEST", false,
				LocalDate.of(2024, 11, 11), ActionKind.MIS_NOTE, "mis", "tracking-record", List.of(),
				LocalDate.of(2024, 11, 11), null, null, "a test of correlation ids",
				new PlannedAction.PupilFigures(88.5, 130, 115, 9, 6, 48.75, "AC5"));
		assertThat(this.outbox.propose(List.of(note), "PENDING")).isEqualTo(1);
		long id = this.jdbc.queryForObject("select id from outbox where dedupe_key = 'correlation-test|1'", Map.of(),
				Long.class);
		this.camel.requestBody("direct:dispatch-outbox", null, Object.class);
		assertThat(MDC.get(Correlation.KEY)).isNull();

		String reference = OutboxAction.referenceOf(id);
		List<String> lines = linesWith(reference).stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines)
			.contains(
					"st-johns: action " + reference + " written to the MIS: "
							+ this.jdbc.queryForObject("select provider_id from outbox where id = :id",
									Map.of("id", id), String.class),
					"Outbox " + id + " (mis-note, st-johns): SENDING -> SENT");
		// The run's own summary carries the run's id.
		assertThat(List.copyOf(LOGS.list)).filteredOn((event) -> event.getFormattedMessage().startsWith("Dispatched "))
			.isNotEmpty()
			.allMatch((event) -> event.getMDCPropertyMap()
				.getOrDefault(Correlation.KEY, "")
				.matches("dispatch-" + this.correlation.instance() + "-\\d+"));
	}

	@Test
	@Order(3)
	void anHttpRequestKeepsTheCallersIdOrGetsOneAndItIsEchoed() throws Exception {
		MockHttpServletResponse given = this.mvc
			.perform(get("/actuator/env").header(CorrelationFilter.HEADER, "probe-42"))
			.andReturn()
			.getResponse();
		assertThat(given.getStatus()).isEqualTo(401);
		assertThat(given.getHeader(CorrelationFilter.HEADER)).isEqualTo("probe-42");
		assertThat(linesWith("probe-42")).extracting(ILoggingEvent::getFormattedMessage)
			.contains("Access denied: not logged in, /actuator/env");

		MockHttpServletResponse made = this.mvc.perform(get("/api/schools")).andReturn().getResponse();
		assertThat(made.getHeader(CorrelationFilter.HEADER)).matches("http-[0-9a-f]{16}");
		for (String unfit : List.of("two words", "x".repeat(65), "line\nbreak", "-leading-dash")) {
			MockHttpServletResponse replaced = this.mvc
				.perform(get("/api/schools").header(CorrelationFilter.HEADER, unfit))
				.andReturn()
				.getResponse();
			assertThat(replaced.getHeader(CorrelationFilter.HEADER)).as(unfit).matches("http-[0-9a-f]{16}");
		}
		assertThat(MDC.get(Correlation.KEY)).isNull();
	}

	@Test
	@Order(4)
	void noIdHoldsAnythingButSchoolsCountersReferencesAndRequestIds() {
		Set<String> ids = idsStartingWith("");
		assertThat(ids).isNotEmpty()
			.allMatch((id) -> id
				.matches("poll-[a-z-]+-[0-9a-f]{6}-\\d+|dispatch-[0-9a-f]{6}-\\d+|ab-\\d+|http-[0-9a-f]{16}|probe-42"),
					"a known id");
		List<String> upns = this.jdbc.queryForList("select upn from pupil where upn is not null", Map.of(),
				String.class);
		assertThat(upns).isNotEmpty();
		assertThat(ids).noneMatch(upns::contains);
	}

}
