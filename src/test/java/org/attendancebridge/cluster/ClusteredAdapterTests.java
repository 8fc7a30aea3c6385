package org.attendancebridge.cluster;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.SchedulerMetaData;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.store.TestPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter started with {@code CLUSTER_ENABLED=true} on PostgreSQL, scheduling on its
 * connectors' real schedules: its Quartz is the clustered JDBC job store, and every
 * school's triggers are stored in the shared {@code qrtz_*} tables under their own names,
 * with the misfire rule "do nothing" and recovery requested. Closed afterwards, so its
 * scheduler does not outlive the test.
 */
@SpringBootTest(properties = { "CLUSTER_ENABLED=true", "attendance-bridge.scheduling.enabled=true",
		"attendance-bridge.dispatch.enabled=false", "spring.main.banner-mode=off" })
@DirtiesContext
class ClusteredAdapterTests {

	@Autowired
	CamelContext camel;

	@Autowired
	ConnectorRegistry connectors;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPostgres.register(registry, "clustered_adapter");
	}

	@Test
	void pollsAreScheduledOnTheClusteredJdbcJobStore() throws Exception {
		SchedulerMetaData quartz = this.camel.getComponent("quartz", QuartzComponent.class)
			.getScheduler()
			.getMetaData();
		assertThat(quartz.isJobStoreClustered()).isTrue();
		assertThat(quartz.getJobStoreClass().getSimpleName()).isEqualTo("JobStoreTX");
		assertThat(quartz.getSchedulerName()).isEqualTo(ClusteredQuartz.SCHEDULER_NAME);
		assertThat(quartz.isStarted()).isTrue();
		assertThat(this.jdbc.queryForList("select instance_name from qrtz_scheduler_state", Map.of())).singleElement()
			.satisfies((row) -> assertThat(row.get("instance_name")).isEqualTo(quartz.getSchedulerInstanceId()));
	}

	@Test
	void everySchoolsTriggersAreStoredUnderTheirOwnNamesWithTheirMisfireRuleAndRecovery() {
		List<ConnectorConfig> schools = this.connectors.enabled();
		assertThat(schools).isNotEmpty();
		for (ConnectorConfig school : schools) {
			List<Map<String, Object>> triggers = this.jdbc.queryForList(
					"select t.trigger_name, t.misfire_instr, c.time_zone_id, j.requests_recovery, j.is_nonconcurrent "
							+ "from qrtz_triggers t join qrtz_cron_triggers c on c.sched_name = t.sched_name "
							+ "and c.trigger_name = t.trigger_name and c.trigger_group = t.trigger_group "
							+ "join qrtz_job_details j on j.sched_name = t.sched_name and j.job_name = t.job_name "
							+ "and j.job_group = t.job_group "
							+ "where t.sched_name = 'attendance-bridge' and t.trigger_group = 'attendance-bridge' "
							+ "and t.trigger_name like :school order by t.trigger_name",
					Map.of("school", school.id() + "-%"));
			assertThat(triggers).extracting((row) -> row.get("trigger_name"))
				.contains(school.id() + "-register-1", school.id() + "-hourly", school.id() + "-nightly");
			assertThat(triggers).allSatisfy((row) -> {
				// 2: CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING
				assertThat(((Number) row.get("misfire_instr")).intValue()).isEqualTo(2);
				assertThat(row.get("time_zone_id")).isEqualTo(school.timeZone().getId());
				assertThat(row.get("requests_recovery")).isEqualTo(true);
				assertThat(row.get("is_nonconcurrent")).isEqualTo(true);
			});
		}
	}

}
