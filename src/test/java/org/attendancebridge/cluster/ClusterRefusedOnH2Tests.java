package org.attendancebridge.cluster;

import org.junit.jupiter.api.Test;

import org.attendancebridge.AdapterApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clustered polling needs one PostgreSQL shared by every instance: the adapter refuses to
 * start with {@code CLUSTER_ENABLED=true} on H2, the embedded default, and says why.
 */
class ClusterRefusedOnH2Tests {

	private static SpringApplicationBuilder adapterOnH2(String clusterEnabled) {
		return new SpringApplicationBuilder(AdapterApplication.class).properties("CLUSTER_ENABLED=" + clusterEnabled,
				"attendance-bridge.scheduling.enabled=false", "attendance-bridge.dispatch.enabled=false",
				"server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=jdbc:h2:mem:cluster-refused;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	@Test
	void theAdapterRefusesToStartClusteredOnH2() {
		assertThatThrownBy(() -> adapterOnH2("true").run().close()).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("attendance-bridge.cluster.enabled=true (CLUSTER_ENABLED) is refused on H2")
			.hasMessageContaining("needs one PostgreSQL database shared by every instance");
	}

	@Test
	void withoutClusteringTheAdapterStartsOnH2AsBefore() {
		try (ConfigurableApplicationContext adapter = adapterOnH2("false").run()) {
			assertThat(adapter.containsBean("quartz")).isFalse();
		}
	}

}
