package org.attendancebridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The adapter's database for a subcommand, through Spring Boot's data source alone: the
 * adapter's own settings ({@code spring.datasource.*}: application.yaml,
 * {@code SPRING_DATASOURCE_URL} and the rest, or {@code --spring.datasource.url=...}), no
 * routes, no polls, no migration. An H2 file that does not exist is an error, not a new
 * empty database left behind in {@code ./data}.
 */
final class DatabaseContext {

	private DatabaseContext() {
	}

	/** Only the data source: none of the adapter's beans. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	static class DatabaseOnly {

	}

	/**
	 * The arguments split: {@code --spring.*} and {@code --attendance-bridge.*} ones for
	 * Spring, the rest the command's.
	 */
	record Split(List<String> spring, List<String> own) {
	}

	static Split split(List<String> args) {
		List<String> spring = new ArrayList<>();
		List<String> own = new ArrayList<>();
		for (String arg : args) {
			(arg.startsWith("--spring.") || arg.startsWith("--attendance-bridge.") ? spring : own).add(arg);
		}
		return new Split(spring, own);
	}

	static ConfigurableApplicationContext open(List<String> springArgs) {
		SpringApplication database = new SpringApplication(DatabaseOnly.class);
		database.setWebApplicationType(WebApplicationType.NONE);
		database.setBannerMode(Banner.Mode.OFF);
		database.setLogStartupInfo(false);
		database.setDefaultProperties(Map.of("logging.level.root", "WARN"));
		database.addListeners(DatabaseContext::existingH2Only);
		return database.run(springArgs.toArray(String[]::new));
	}

	/**
	 * The database's URL as it may be printed: without parameters, which may hold a
	 * password.
	 */
	static String printableUrl(ConfigurableApplicationContext context) {
		String url = context.getEnvironment().getProperty("spring.datasource.url");
		if (url == null) {
			return "the configured database";
		}
		int end = url.length();
		for (char separator : new char[] { ';', '?' }) {
			int at = url.indexOf(separator);
			if (at >= 0 && at < end) {
				end = at;
			}
		}
		return url.substring(0, end);
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
	}

	private static void existingH2Only(ApplicationEvent event) {
		if (!(event instanceof ApplicationEnvironmentPreparedEvent prepared)) {
			return;
		}
		ConfigurableEnvironment environment = prepared.getEnvironment();
		String url = environment.getProperty("spring.datasource.url");
		if (url != null && url.startsWith("jdbc:h2:file:") && !url.toUpperCase(Locale.ROOT).contains("IFEXISTS")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("existing-database",
						Map.of("spring.datasource.url", url + ";IFEXISTS=TRUE")));
		}
	}

}
