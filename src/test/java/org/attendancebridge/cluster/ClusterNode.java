package org.attendancebridge.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

import org.attendancebridge.connector.ConnectorRoutes;
import org.attendancebridge.connector.SyncMode;

/**
 * One adapter instance of a test cluster, in a process of its own so a test can kill it
 * as a machine dies: the Quartz component built as the adapter builds it in clustered
 * mode, the poll trigger template of {@code routes/poll.yaml}, and a school trigger
 * firing every second per school. Each school's sync route stands in for a poll: it
 * records the fire in {@code poll_fire} (this node, the school, the trigger's group, the
 * scheduled fire time) and takes a while, as a poll does, before marking it finished.
 */
public final class ClusterNode {

	/** Every second, on the seconds: the schools' triggers in a test cluster. */
	static final String EVERY_SECOND = "* * * * * ?";

	static final String FIRES_TABLE = "create table poll_fire (id bigserial primary key, node varchar(20) not null, "
			+ "school varchar(20) not null, trigger_group varchar(200) not null, scheduled_at bigint not null, "
			+ "finished boolean not null default false)";

	private ClusterNode() {
	}

	/**
	 * Arguments: JDBC URL, user, password, this node's name, the number of schools, the
	 * milliseconds each poll takes. Runs until the process is killed.
	 */
	public static void main(String[] args) throws Exception {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(args[0]);
		dataSource.setUsername(args[1]);
		dataSource.setPassword(args[2]);
		dataSource.setMaximumPoolSize(8);
		CamelContext camel = start(dataSource, args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
		System.out.println("node " + args[3] + " started: " + camel.getRoutes().size() + " routes");
		Thread.currentThread().join();
	}

	static CamelContext start(DataSource dataSource, String node, int schools, long pollMillis) throws Exception {
		// Check-ins every second, so a dead node is noticed within seconds (plus Quartz's
		// grace). The adapter's misfire threshold: on a loaded machine a short one leaves
		// every late trigger to the misfire handler instead of to both nodes.
		ClusterProperties settings = new ClusterProperties(true, Duration.ofSeconds(1), Duration.ofSeconds(60), 4);
		DefaultCamelContext camel = new DefaultCamelContext();
		camel.getCamelContextExtension().setName("attendance-bridge");
		camel.addComponent("quartz", ClusteredQuartz.component(dataSource, settings));
		PluginHelper.getRoutesLoader(camel)
			.loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:routes/poll.yaml"));
		camel.addRoutes(new RouteBuilder() {
			@Override
			public void configure() {
				for (int i = 1; i <= schools; i++) {
					from("direct:sync-school-" + i).process((exchange) -> poll(dataSource, node, exchange, pollMillis));
				}
			}
		});
		camel.start();
		Set<String> scheduled = new HashSet<>();
		for (int i = 1; i <= schools; i++) {
			scheduled.add(ConnectorRoutes.addTrigger(camel, "school-" + i, ZoneId.of("Europe/London"),
					new ConnectorRoutes.Trigger("register-1", EVERY_SECOND, SyncMode.REGISTER)));
		}
		ConnectorRoutes.startScheduler(camel, scheduled);
		return camel;
	}

	private static void poll(DataSource dataSource, String node, Exchange exchange, long pollMillis)
			throws SQLException, InterruptedException {
		long id;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(
						"insert into poll_fire (node, school, trigger_group, scheduled_at) values (?, ?, ?, ?)",
						new String[] { "id" })) {
			insert.setString(1, node);
			insert.setString(2, exchange.getMessage().getHeader("school", String.class));
			insert.setString(3, exchange.getMessage().getHeader("triggerGroup", String.class));
			insert.setLong(4, exchange.getMessage().getHeader("scheduledFireTime", Date.class).getTime());
			insert.executeUpdate();
			try (var keys = insert.getGeneratedKeys()) {
				keys.next();
				id = keys.getLong(1);
			}
		}
		Thread.sleep(pollMillis);
		try (Connection connection = dataSource.getConnection();
				PreparedStatement finish = connection
					.prepareStatement("update poll_fire set finished = true where id = ?")) {
			finish.setLong(1, id);
			finish.executeUpdate();
		}
	}

}
