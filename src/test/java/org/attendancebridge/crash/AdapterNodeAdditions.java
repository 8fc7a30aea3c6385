package org.attendancebridge.crash;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.connector.ConnectorRoutes;
import org.attendancebridge.connector.SyncMode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * What an {@link AdapterNode} adds to the adapter for a crash test, and nothing more:
 * <ul>
 * <li>its clock is the wall clock shifted onto the mock's school clock
 * ({@code crash.clock-offset-millis}), so every node and the mock agree on "now" while
 * leases and backoff run in real seconds;</li>
 * <li>each school is polled on one clustered Quartz trigger firing every few seconds
 * ({@code crash.poll-cron}, through the adapter's own {@code poll-trigger} template)
 * instead of its connector file's minutes-apart schedule;</li>
 * <li>each fire of a poll trigger is recorded in {@code poll_fire} (this node, the
 * school, the trigger's group, the scheduled fire time, whether it finished), and the
 * node says it is ready in {@code crash_node} with its process id and Quartz
 * instance.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
class AdapterNodeAdditions {

	static final String TABLES = "create table poll_fire (id bigserial primary key, node varchar(20) not null, "
			+ "school varchar(64) not null, trigger_group varchar(200) not null, scheduled_at bigint not null, "
			+ "started_at timestamp with time zone not null default now(), finished boolean not null default false); "
			+ "create table crash_node (node varchar(20) not null, pid bigint primary key, "
			+ "quartz_instance varchar(200), ready_at timestamp with time zone not null default now())";

	@Bean
	@Primary
	Clock schoolClock(@Value("${crash.clock-offset-millis}") long offset) {
		return Clock.offset(Clock.systemUTC(), Duration.ofMillis(offset));
	}

	@Bean
	NodeStart nodeStart(CamelContext camel, ConnectorRegistry schools, NamedParameterJdbcTemplate jdbc,
			@Value("${attendance-bridge.dispatch.node}") String node, @Value("${crash.poll-cron:}") String cron) {
		return new NodeStart(camel, schools, jdbc, node, cron);
	}

	/** Schedules the fast poll triggers once the adapter is up, then says it is ready. */
	record NodeStart(CamelContext camel, ConnectorRegistry schools, NamedParameterJdbcTemplate jdbc, String node,
			String cron) {

		@EventListener(ApplicationReadyEvent.class)
		public void ready() throws Exception {
			String instance = null;
			if (!this.cron.isBlank()) {
				this.camel.addRoutePolicyFactory(new FireRecords(this.jdbc, this.node));
				Set<String> scheduled = new HashSet<>();
				for (ConnectorConfig school : this.schools.enabled()) {
					scheduled.add(ConnectorRoutes.addTrigger(this.camel, school.id(), school.timeZone(),
							new ConnectorRoutes.Trigger("register-1", this.cron, SyncMode.REGISTER)));
				}
				ConnectorRoutes.startScheduler(this.camel, scheduled);
				instance = this.camel.getComponent("quartz", QuartzComponent.class)
					.getScheduler()
					.getSchedulerInstanceId();
			}
			this.jdbc.update("insert into crash_node (node, pid, quartz_instance) values (:node, :pid, :instance)",
					new MapSqlParameterSource().addValue("node", this.node)
						.addValue("pid", ProcessHandle.current().pid())
						.addValue("instance", instance));
		}

	}

	/**
	 * Records each fire of a school's poll trigger route
	 * ({@code poll-<school>-<trigger>}).
	 */
	record FireRecords(NamedParameterJdbcTemplate jdbc, String node) implements RoutePolicyFactory {

		private static final String FIRE = "crashTestFire";

		@Override
		public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
			if (!routeId.startsWith("poll-")) {
				return null;
			}
			String school = routeId.substring("poll-".length(), routeId.lastIndexOf("-register-"));
			return new RoutePolicySupport() {

				@Override
				public void onExchangeBegin(Route route, Exchange exchange) {
					GeneratedKeyHolder id = new GeneratedKeyHolder();
					FireRecords.this.jdbc.update(
							"insert into poll_fire (node, school, trigger_group, scheduled_at) "
									+ "values (:node, :school, :group, :scheduled)",
							new MapSqlParameterSource().addValue("node", FireRecords.this.node)
								.addValue("school", school)
								.addValue("group", exchange.getMessage().getHeader("triggerGroup", String.class))
								.addValue("scheduled",
										exchange.getMessage().getHeader("scheduledFireTime", Date.class).getTime()),
							id, new String[] { "id" });
					exchange.setProperty(FIRE, id.getKey().longValue());
				}

				@Override
				public void onExchangeDone(Route route, Exchange exchange) {
					FireRecords.this.jdbc.update("update poll_fire set finished = true where id = :id",
							Map.of("id", exchange.getProperty(FIRE, Long.class)));
				}

			};
		}

	}

}
