package org.attendancebridge.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.attendancebridge.action.dispatch.DispatchReport;
import org.attendancebridge.mock.MockMis;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.PollIntegrationTests;
import org.attendancebridge.store.SampleActions;
import org.attendancebridge.store.MockSchoolClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard as a person uses it, in a real browser: headless Chromium driven through
 * Debian's chromedriver (Selenium Manager downloads nothing), against the adapter on a
 * random port with the API tests' users and data, polled through the real routes. An
 * officer logs in, opens a school and a pupil, approves a letter held for approval and
 * sees it sent, replays a dead letter and settles a concern in doubt; completes a task
 * from the task list, finds the referral pack and simulates a policy; the IT technician
 * sees the connectors. Each main page is saved to {@code docs/screenshots} for the
 * README. Skipped where Chromium or chromedriver is not installed
 * ({@code apt-get install chromium chromium-driver}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
				"spring.main.banner-mode=off" })
@Import(MockSchoolClock.class)
@EnabledIf(value = "browserInstalled", disabledReason = DashboardBrowserTests.NOT_INSTALLED)
class DashboardBrowserTests {

	static final String NOT_INSTALLED = "Chromium or chromedriver is not installed (apt-get install chromium "
			+ "chromium-driver): the dashboard's browser test is skipped";

	/** Debian's Chromium, or {@code -Ddashboard.chromium=PATH}. */
	static final Path CHROMIUM = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));

	/** Debian's chromedriver, or {@code -Ddashboard.chromedriver=PATH}. */
	static final Path CHROMEDRIVER = Path.of(System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver"));

	static final MockMis MOCK = PollIntegrationTests.startMock();

	private static WebDriver browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ApiTests.properties(registry, MOCK);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	@LocalServerPort
	int port;

	@Autowired
	ProducerTemplate camel;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxStore outbox;

	@Autowired
	SchoolReads reads;

	@Autowired
	SchoolSimulations simulations;

	/** Whether Chromium and chromedriver are installed: otherwise the test is skipped. */
	static boolean browserInstalled() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	@BeforeAll
	static void startBrowser() {
		assumeTrue(browserInstalled(), NOT_INSTALLED);
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
					"--window-size=1280,1000", "--hide-scrollbars", "--lang=en-GB");
		browser = new ChromeDriver(options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	private static boolean polled;

	/** The schools are polled once for the tests of this class, whichever runs first. */
	private void pollOnce() {
		if (!polled) {
			ApiTests.pollTheSchools(this.camel, MOCK);
			polled = true;
		}
		browser.manage().deleteAllCookies();
	}

	@Test
	void anOfficerFollowsAPupilApprovesALetterAndSeesItSentAndReplaysADeadLetter() throws IOException {
		pollOnce();
		String toolkitPupil = this.jdbc.queryForObject("select min(pupil_id) from pupil where school_id = 'toolkit'",
				Map.of(), String.class);
		long letter = ApiTests.propose(this.outbox, this.jdbc, "toolkit", toolkitPupil, ActionKind.LETTER, "pa-letter");
		// Wonde takes no notes: the dispatcher leaves this one FAILED, a dead letter.
		long note = ApiTests.propose(this.outbox, this.jdbc, "toolkit", toolkitPupil, ActionKind.MIS_NOTE, "pa-letter");

		// Another letter for another pupil, left waiting.
		String otherPupil = this.jdbc.queryForObject("select max(pupil_id) from pupil where school_id = 'toolkit'",
				Map.of(), String.class);
		ApiTests.propose(this.outbox, this.jdbc, "toolkit", otherPupil, ActionKind.LETTER, "lost-learning-letter");

		open("/");
		logIn("alice");
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Schools");
		assertThat(text()).contains("St John's Academy", "Connectors", "CLOSED", "Recent actions",
				"2 waiting for approval");
		screenshot("home", 1200);

		go(browser.findElement(By.linkText("St John's Academy")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("St John's Academy");
		assertThat(text()).contains("Pupils by stage", "Stage movements this week", "Persistent and severe absence",
				"Red 10 by year group");
		assertThat(browser.findElements(By.cssSelector("svg.stage-bars rect.bar")))
			.hasSize(this.reads.ladder(this.reads.school("st-johns").orElseThrow()).size() + 1);
		assertThat(browser.findElements(By.cssSelector("svg.absence-trend polyline"))).hasSize(2);
		screenshot("school", 1000);
		screenshot("school-absence", 1000, "absence");

		WebElement firstPupil = browser.findElement(By.cssSelector("table.list tbody td a[href*='/pupils/']"));
		String pupil = firstPupil.getText();
		go(firstPupil);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Pupil " + pupil);
		assertThat(browser.findElements(By.cssSelector("svg.trend polyline.line"))).hasSize(1);
		assertThat(browser.findElements(By.cssSelector("svg.trend .thresholds line"))).isNotEmpty();
		assertThat(browser.findElements(By.cssSelector("table.heat td[title^='2024-']"))).hasSize(
				count("select count(*) from mark where school_id = 'st-johns' and pupil_id = :p", Map.of("p", pupil)));
		assertThat(browser.findElement(By.linkText("Evidence pack (PDF)")).getAttribute("href"))
			.endsWith("/schools/st-johns/pupils/" + pupil + "/evidence.pdf");
		screenshot("pupil", 1500);

		go(browser.findElement(By.linkText("Approvals")));
		WebElement row = browser.findElement(By.id("action-" + letter));
		assertThat(row.getText()).contains(toolkitPupil, "letter", "pa-letter");
		screenshot("approvals", 700);
		go(row.findElement(By.cssSelector("button.approve")));
		assertThat(browser.findElement(By.cssSelector("p.done")).getText()).contains("Action " + letter,
				"approved: now PENDING");
		assertThat(browser.findElements(By.id("action-" + letter))).isEmpty();

		// The dispatcher's next run (its timer is off in tests) sends the letter.
		DispatchReport report = this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
		assertThat(report).isNotNull();
		assertThat(state(letter)).isEqualTo("SENT");
		assertThat(state(note)).isEqualTo("FAILED");
		open("/schools/toolkit/pupils/" + toolkitPupil);
		WebElement sent = browser.findElements(By.cssSelector("table.actions tbody tr"))
			.stream()
			.filter((tr) -> tr.findElement(By.tagName("td")).getText().equals(String.valueOf(letter)))
			.findFirst()
			.orElseThrow();
		assertThat(sent.getText()).contains("letter", "SENT");

		go(browser.findElement(By.linkText("Dead letters")));
		WebElement dead = browser.findElement(By.id("action-" + note));
		assertThat(dead.getText()).contains("mis-note");
		screenshot("dead-letters", 700);
		go(dead.findElement(By.cssSelector("button.replay")));
		assertThat(browser.findElement(By.cssSelector("p.done")).getText()).contains("Action " + note,
				"replayed: now IN_DOUBT");
		assertThat(state(note)).isEqualTo("IN_DOUBT");
		assertThat(this.jdbc.queryForObject(
				"select actor from action_log where outbox_id = :id and state = 'PENDING' order by seq desc limit 1",
				Map.of("id", letter), String.class))
			.isEqualTo("alice");

		// A CPOMS concern whose look-up could not settle it: the officer checked CPOMS.
		long concern = ApiTests.propose(this.outbox, this.jdbc, "toolkit", toolkitPupil, ActionKind.CPOMS_CONCERN,
				"attendance-concern");
		this.jdbc.update(
				"update outbox set state = 'IN_DOUBT', attempts = 1, last_error = 'no answer from CPOMS "
						+ "within 10 s: the concern may have been created; look it up by ab-' || id where id = :id",
				Map.of("id", concern));
		go(browser.findElement(By.linkText("In doubt")));
		WebElement doubtful = browser.findElement(By.id("action-" + concern));
		assertThat(doubtful.getText()).contains("cpoms-concern", "ab-" + concern);
		screenshot("in-doubt", 600);
		go(doubtful.findElement(By.cssSelector("button.approve")));
		assertThat(browser.findElement(By.cssSelector("p.done")).getText()).contains("Action " + concern,
				"checked as arrived: now SENT");
		assertThat(state(concern)).isEqualTo("SENT");

		// The IT technician: every connector's health, no pupils.
		go(browser.findElement(By.cssSelector("form.logout button")));
		assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
		logIn("tech");
		assertThat(browser.findElements(By.linkText("Approvals"))).isEmpty();
		assertThat(browser.findElements(By.cssSelector("a[href*='/pupils/']"))).isEmpty();
		String connectors = text();
		assertThat(connectors).contains("last successful poll", "lag", "failures in a row", "last error", "breaker",
				"2024-11-11 09:31:00", "CLOSED");
		assertThat(browser.findElements(By.cssSelector("td.lag"))).hasSize(5);
		screenshot("connectors", 800);

		// Their machines' API tokens: made with one of their roles, shown this once.
		go(browser.findElement(By.linkText("API tokens")));
		browser.findElement(By.name("name")).sendKeys("monitoring");
		browser.findElement(By.cssSelector("input[name='schools'][value='st-johns']")).click();
		go(browser.findElement(By.cssSelector("form.token-form button")));
		assertThat(text()).contains("monitoring", "IT_TECHNICIAN");
		assertThat(browser.findElement(By.cssSelector(".secret")).getText()).startsWith("abt_");
		// The list, never the page with the secret, is what the README shows.
		go(browser.findElement(By.linkText("API tokens")));
		assertThat(browser.findElement(By.cssSelector("table.tokens")).getText()).contains("monitoring",
				"IT_TECHNICIAN", "st-johns", "never");
		screenshot("tokens", 800);
	}

	@Test
	void anOfficerCompletesATaskSeesTheReferralAndSimulatesAPolicy() throws IOException {
		pollOnce();
		String pupil = this.jdbc.queryForObject("select min(pupil_id) from pupil where school_id = 'st-johns'",
				Map.of(), String.class);
		this.outbox.propose(List.of(
				SampleActions.task("st-johns", pupil, "BROWSER_VISIT", "attendance-officer", "home-visit",
						LocalDate.of(2024, 11, 8), List.of()),
				SampleActions.task("st-johns", pupil, "BROWSER_MEETING", "head-of-year", "sam-meeting",
						LocalDate.of(2024, 11, 15), List.of()),
				SampleActions.of("st-johns", pupil, "LA_NOTIFY", ActionKind.LA_REFERRAL, "la-absence-notification")),
				"PENDING");
		// The dispatcher's next run makes the tasks and the referral pack through their
		// channels.
		this.camel.requestBody("direct:dispatch-outbox", null, DispatchReport.class);
		long visit = this.jdbc.queryForObject("select id from task where rule_id = 'BROWSER_VISIT'", Map.of(),
				Long.class);
		long referral = this.jdbc.queryForObject(
				"select max(id) from referral where school_id = 'st-johns' and pupil_id = :p", Map.of("p", pupil),
				Long.class);

		open("/");
		logIn("alice");
		go(browser.findElement(By.linkText("Tasks")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tasks");
		new Select(browser.findElement(By.name("school"))).selectByValue("st-johns");
		go(browser.findElement(By.cssSelector("form.tasks-filter button")));
		WebElement row = browser.findElement(By.id("task-" + visit));
		assertThat(row.getText()).contains("home-visit", pupil, "attendance-officer", "2024-11-08",
				"Arrange a welfare (home) visit");
		assertThat(row.getAttribute("class")).isEqualTo("overdue");
		browser.findElements(By.cssSelector("table.tasks tbody tr"))
			.forEach((tr) -> assertThat(tr.getText()).contains("st-johns"));
		screenshot("tasks", 900);
		row.findElement(By.name("outcome")).sendKeys("Visited with the key worker; mum will call on Monday");
		go(row.findElement(By.cssSelector("button.approve")));
		assertThat(browser.findElement(By.cssSelector("p.done")).getText()).contains("Task " + visit,
				"completed by alice");
		assertThat(browser.findElements(By.id("task-" + visit))).isEmpty();
		assertThat(this.jdbc.queryForMap("select completed_by, outcome from task where id = :id", Map.of("id", visit)))
			.containsEntry("completed_by", "alice")
			.containsEntry("outcome", "Visited with the key worker; mum will call on Monday");

		// The pupil's page: the completed task, the open one and the referral.
		open("/schools/st-johns/pupils/" + pupil);
		assertThat(browser.findElement(By.id("task-" + visit)).getText()).contains("done",
				"by alice: Visited with the key worker");
		assertThat(browser.findElement(By.cssSelector("table.tasks")).getText()).contains("sam-meeting");
		assertThat(browser.findElement(By.id("referral-" + referral)).getText()).contains("LA_NOTIFY", "in the tray");

		go(browser.findElement(By.linkText("Referrals")));
		WebElement pack = browser.findElement(By.id("referral-" + referral));
		assertThat(pack.getText()).contains("st-johns", pupil, "LA_NOTIFY", "la-absence-notification");
		assertThat(pack.findElement(By.linkText("PDF")).getAttribute("href"))
			.endsWith("/referrals/" + referral + ".pdf");
		screenshot("referrals", 600);

		// Simulate: the school's own policy this year first, then another over the autumn
		// half term.
		open("/schools/st-johns");
		go(browser.findElement(By.linkText("Simulate a policy")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Simulate a policy");
		assertThat(new Select(browser.findElement(By.name("policy"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("st-johns-way");
		new Select(browser.findElement(By.name("policy"))).selectByValue("graduated-response");
		WebElement from = browser.findElement(By.name("from"));
		((JavascriptExecutor) browser).executeScript("arguments[0].value = '2024-09-02'", from);
		go(browser.findElement(By.cssSelector("form.simulate button")));
		SchoolSimulations.Forecast expected = this.simulations.simulate(this.reads.school("st-johns").orElseThrow(),
				"graduated-response", "2024-09-02", "2024-11-11");
		assertThat(browser.findElement(By.cssSelector("strong.actions-total")).getText())
			.isEqualTo(String.valueOf(expected.actions()));
		assertThat(browser.findElements(By.cssSelector("table.workload tbody tr"))).hasSize(expected.weeks().size());
		assertThat(browser.findElement(By.cssSelector("table.workload tfoot")).getText())
			.contains(String.valueOf(expected.totals().get("letters")));
		screenshot("simulate", 1000);
	}

	private static void logIn(String user) {
		assertThat(browser.getCurrentUrl()).contains("/login");
		browser.findElement(By.name("username")).sendKeys(user);
		browser.findElement(By.name("password")).sendKeys(ApiTests.PASSWORD);
		go(browser.findElement(By.cssSelector("form button[type=submit]")));
	}

	/**
	 * Clicks what leads to another page and waits until the page it was on is gone, so
	 * that what follows reads the new page.
	 */
	private static void go(WebElement element) {
		element.click();
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(element));
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static String text() {
		return browser.findElement(By.tagName("body")).getText();
	}

	private String state(long id) {
		return this.jdbc.queryForObject("select state from outbox where id = :id", Map.of("id", id), String.class);
	}

	private int count(String sql, Map<String, ?> parameters) {
		return this.jdbc.queryForObject(sql, parameters, Integer.class);
	}

	/** The page as a person sees it, {@code height} pixels tall, for the README. */
	private static void screenshot(String name, int height) throws IOException {
		screenshot(name, height, null);
	}

	/** The page from the element with the id {@code from} down, if one is given. */
	private static void screenshot(String name, int height, String from) throws IOException {
		browser.manage().window().setSize(new Dimension(1280, height));
		if (from != null) {
			((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)",
					browser.findElement(By.id(from)));
		}
		byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		Path dir = Path.of(System.getProperty("dashboard.screenshots", "docs/screenshots"));
		Files.createDirectories(dir);
		Files.write(dir.resolve(name + ".png"), png);
		browser.manage().window().setSize(new Dimension(1280, 1000));
	}

}
