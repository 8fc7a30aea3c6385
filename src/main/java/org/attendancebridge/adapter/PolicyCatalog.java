package org.attendancebridge.adapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The school policies the adapter runs, loaded and validated once at start-up: a broken
 * policy stops the adapter with the file, line and key, rather than running half a
 * policy.
 */
@Component
public class PolicyCatalog {

	private static final Logger log = LoggerFactory.getLogger(PolicyCatalog.class);

	private final List<Policy> policies;

	private final Path folder;

	public PolicyCatalog(@Value("${attendance-bridge.policies-dir}") Path folder) {
		this.folder = folder;
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("policies folder " + folder.toAbsolutePath()
					+ " does not exist: start from the project folder or set POLICIES_DIR");
		}
		this.policies = PolicyLoader.loadFolder(folder);
		for (Policy policy : this.policies) {
			log.info("Loaded policy {} (seed {}, version {}): {} levels, {} events", policy.id(), policy.seed(),
					policy.version(), policy.levels().size(), policy.events().size());
		}
	}

	public Path folder() {
		return this.folder;
	}

	public List<Policy> policies() {
		return this.policies;
	}

	public Optional<Policy> find(String id) {
		return this.policies.stream().filter((policy) -> policy.id().equals(id)).findFirst();
	}

}
