package org.attendancebridge.connector;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.support.DefaultRegistry;

/**
 * Each school's guarded HTTP connections, by the name its endpoint URI gives them: a bean
 * repository of their own, safe to add to from many threads. A poll making the first
 * connection to a school adds here, never to the registry's own map, which Camel reads on
 * other threads without a lock. The repository joins a Camel context's registry once,
 * when the adapter starts ({@link MisConnectors}) before any route runs; code that makes
 * {@link MisHttp} on a context of its own (the CLI, tests) has it joined on first use.
 */
final class GuardedConnections implements BeanRepository {

	private final Map<String, HttpClientConfigurer> byName = new ConcurrentHashMap<>();

	private GuardedConnections() {
	}

	/** The context's repository, joined to its registry if it is not yet. */
	static GuardedConnections of(CamelContext camel) {
		DefaultRegistry registry = camel.getRegistry(DefaultRegistry.class);
		if (registry == null) {
			throw new IllegalStateException(
					"MIS connections need Camel's DefaultRegistry, not " + camel.getRegistry().getClass().getName());
		}
		// The lock keeps two first uses from joining two repositories; Camel's own reads
		// take no lock, which is why the adapter joins it before any route runs.
		synchronized (registry) {
			GuardedConnections found = find(registry);
			if (found == null) {
				found = new GuardedConnections();
				registry.addBeanRepository(found);
			}
			return found;
		}
	}

	private static GuardedConnections find(DefaultRegistry registry) {
		// Null until the first repository joins.
		List<BeanRepository> repositories = registry.getRepositories();
		for (BeanRepository repository : (repositories == null) ? List.<BeanRepository>of() : repositories) {
			if (repository instanceof GuardedConnections guarded) {
				return guarded;
			}
		}
		return null;
	}

	/**
	 * Keeps the first configurer under the name: the endpoint keeps the client it made
	 * with it, so a later one would change nothing.
	 */
	void bindOnce(String name, HttpClientConfigurer configurer) {
		this.byName.putIfAbsent(name, configurer);
	}

	@Override
	public Object lookupByName(String name) {
		return this.byName.get(name);
	}

	@Override
	public <T> T lookupByNameAndType(String name, Class<T> type) {
		Object found = this.byName.get(name);
		return type.isInstance(found) ? type.cast(found) : null;
	}

	/**
	 * None by type: a school's connections are reached by its name alone, never
	 * another's.
	 */
	@Override
	public <T> Map<String, T> findByTypeWithName(Class<T> type) {
		return Map.of();
	}

	@Override
	public <T> Set<T> findByType(Class<T> type) {
		return Set.of();
	}

}
