package org.attendancebridge.connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.attendancebridge.adapter.PolicyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The school connections the adapter runs, loaded from {@code connectors/} at start-up. A
 * broken file, or one naming a policy that does not exist, stops the adapter with the
 * file, line and key, rather than running some schools and silently dropping another.
 */
@Component
public class ConnectorRegistry {

	private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

	private final Map<String, ConnectorConfig> schools = new LinkedHashMap<>();

	public ConnectorRegistry(@Value("${attendance-bridge.connectors-dir}") Path folder, PolicyCatalog policies,
			Environment environment) {
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("connectors folder " + folder.toAbsolutePath()
					+ " does not exist: start from the project folder or set CONNECTORS_DIR");
		}
		ConnectorLoader loader = new ConnectorLoader(environment::getProperty);
		for (Path file : ConnectorLoader.connectorFiles(folder)) {
			ConnectorConfig school = loader.load(file);
			if (policies.find(school.policy()).isEmpty()) {
				throw new IllegalStateException(
						file + ": policy: no policy '" + school.policy() + "' in " + policies.folder());
			}
			this.schools.put(school.id(), school);
			log.info("Connector {}: {} at {}, policy {}{}", school.id(), school.mis().id(), school.baseUrl(),
					school.policy(), school.enabled() ? "" : " (disabled)");
		}
	}

	public List<ConnectorConfig> all() {
		return List.copyOf(this.schools.values());
	}

	public List<ConnectorConfig> enabled() {
		return this.schools.values().stream().filter(ConnectorConfig::enabled).toList();
	}

	public Optional<ConnectorConfig> find(String school) {
		return Optional.ofNullable(this.schools.get(school));
	}

	/**
	 * The school's time zone, or the default one for a school no connector file names
	 * (stored from a file since removed).
	 */
	public ZoneId timeZone(String school) {
		return find(school).map(ConnectorConfig::timeZone).orElse(ConnectorConfig.DEFAULT_TIME_ZONE);
	}

}
