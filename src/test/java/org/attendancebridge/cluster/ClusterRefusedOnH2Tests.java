package org.attendancebridge.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.simpl.RAMJobStore;

import org.attendancebridge.AdapterApplication;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.ConnectorRoutes;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clustered polling needs one PostgreSQL shared by every instance: the adapter refuses to
 * start with {@code CLUSTER_ENABLED=true} on H2, the embedded default, and says why;
 * without it the adapter schedules its polls in memory, as before.
 */
class ClusterRefusedOnH2Tests {

	/** Command-line arguments: they outrank application.yaml, as an operator's would. */
	private static ConfigurableApplicationContext startOnH2(String clusterEnabled) {
		return new SpringApplicationBuilder(AdapterApplication.class).run("--CLUSTER_ENABLED=" + clusterEnabled,
				"--attendance-bridge.scheduling.enabled=true", "--attendance-bridge.dispatch.enabled=false",
				"--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:cluster-refused-" + clusterEnabled
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	@Test
	void theAdapterRefusesToStartClusteredOnH2() {
		assertThatThrownBy(() -> startOnH2("true").close()).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("attendance-bridge.cluster.enabled=true (CLUSTER_ENABLED) is refused on H2")
			.hasMessageContaining("needs one PostgreSQL database shared by every instance");
	}

	@Test
	void withoutClusteringTheAdapterSchedulesItsPollsInMemoryOnH2AsBefore() throws Exception {
		try (ConfigurableApplicationContext adapter = startOnH2("false")) {
			assertThat(adapter.containsBean("quartz")).isFalse();
			Scheduler quartz = adapter.getBean(CamelContext.class)
				.getComponent("quartz", QuartzComponent.class)
				.getScheduler();
			assertThat(quartz.getMetaData().isJobStoreClustered()).isFalse();
			assertThat(quartz.getMetaData().getJobStoreClass()).isEqualTo(RAMJobStore.class);
			assertThat(quartz.isStarted()).isTrue();
			for (ConnectorConfig school : adapter.getBean(ConnectorRegistry.class).enabled()) {
				Trigger nightly = quartz
					.getTrigger(TriggerKey.triggerKey(school.id() + "-nightly", ConnectorRoutes.TRIGGER_GROUP));
				assertThat(nightly).isNotNull();
				assertThat(nightly.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
			}
			// Migration V8 ran on H2 as well: the schema is the same on both databases.
			assertThat(adapter.getBean(JdbcTemplate.class)
				.queryForObject("select count(*) from qrtz_locks where sched_name = 'attendance-bridge'", Long.class))
				.isEqualTo(2);
		}
	}

}
