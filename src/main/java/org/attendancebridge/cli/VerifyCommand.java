package org.attendancebridge.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.ActionLogCheck.ChainReport;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.dao.DataAccessException;

/**
 * {@code verify [--school ID]}: checks the action log's hash chains and prints one line
 * per chain, {@code ok} with its entry count and head hash, or {@code BROKEN} naming the
 * first broken entry (chain, sequence number, outbox id and what is wrong); the exit
 * status is 1 when any chain is broken. It reads the adapter's own database settings
 * ({@code spring.datasource.*}: application.yaml, {@code SPRING_DATASOURCE_URL} and the
 * rest, or {@code --spring.datasource.url=...}) through Spring Boot's data source alone:
 * no routes, no polls, no migration, nothing written.
 */
final class VerifyCommand {

	private static final Set<String> OPTIONS = Set.of("school");

	private VerifyCommand() {
	}

	/** Only the data source: none of the adapter's beans. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	static class DatabaseOnly {

	}

	static int run(List<String> argList, PrintStream out, PrintStream err) {
		List<String> spring = new ArrayList<>();
		List<String> own = new ArrayList<>();
		for (String arg : argList) {
			(arg.startsWith("--spring.") ? spring : own).add(arg);
		}
		Args args = Args.parse("verify", own, OPTIONS);
		SpringApplication database = new SpringApplication(DatabaseOnly.class);
		database.setWebApplicationType(WebApplicationType.NONE);
		database.setBannerMode(Banner.Mode.OFF);
		database.setLogStartupInfo(false);
		database.setDefaultProperties(Map.of("logging.level.root", "WARN"));
		database.addListeners(VerifyCommand::existingH2Only);
		try (ConfigurableApplicationContext context = database.run(spring.toArray(String[]::new))) {
			String url = withoutParameters(context.getEnvironment().getProperty("spring.datasource.url"));
			ActionLogCheck check = new ActionLogCheck(context.getBean(DataSource.class));
			return report(check, args, url, out, err);
		}
	}

	private static int report(ActionLogCheck check, Args args, String url, PrintStream out, PrintStream err) {
		List<ChainReport> reports;
		try {
			List<String> chains = check.chains();
			if (args.has("school") && !chains.contains(args.required("school"))) {
				err.println("verify: no action log chain for school '" + args.required("school") + "' in " + url
						+ " (chains: " + (chains.isEmpty() ? "none" : String.join(", ", chains)) + ")");
				return 2;
			}
			reports = args.has("school") ? List.of(check.check(args.required("school"))) : check.checkAll();
		}
		catch (DataAccessException ex) {
			err.println("verify: cannot read the action log in " + url + " (is it an attendance-bridge database "
					+ "migrated to V3? start the adapter once to create or migrate it): "
					+ rootMessage(ex).lines().findFirst().orElse(""));
			return 2;
		}
		long entries = 0;
		int broken = 0;
		for (ChainReport chain : reports) {
			entries += chain.entries();
			if (chain.ok()) {
				out.println("ok " + chain.chain() + ": " + chain.entries() + " entries, head " + chain.headHash());
			}
			else {
				broken++;
				out.println("BROKEN " + chain.chain() + ": seq " + chain.problem().seq()
						+ ((chain.problem().outboxId() == null) ? "" : " (outbox " + chain.problem().outboxId() + ")")
						+ ": " + chain.problem().what());
			}
		}
		out.println((broken == 0) ? "verify: " + reports.size() + " chains, " + entries + " entries, all intact"
				: "verify: " + broken + " of " + reports.size() + " chains broken");
		return (broken == 0) ? 0 : 1;
	}

	/**
	 * An H2 file that does not exist is an error, not a new empty database left behind in
	 * {@code ./data}.
	 */
	private static void existingH2Only(org.springframework.context.ApplicationEvent event) {
		if (!(event instanceof ApplicationEnvironmentPreparedEvent prepared)) {
			return;
		}
		ConfigurableEnvironment environment = prepared.getEnvironment();
		String url = environment.getProperty("spring.datasource.url");
		if (url != null && url.startsWith("jdbc:h2:file:") && !url.toUpperCase(Locale.ROOT).contains("IFEXISTS")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("verify", Map.of("spring.datasource.url", url + ";IFEXISTS=TRUE")));
		}
	}

	/**
	 * The URL as it may be printed: without the parameters, which may hold a password.
	 */
	private static String withoutParameters(String url) {
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

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
