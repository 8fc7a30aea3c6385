package org.attendancebridge.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds the Quartz component of an instance that shares the polls with others on one
 * PostgreSQL: a clustered JDBC job store on the application's own data source. Every
 * instance schedules the same per-school triggers; the database holds one row per
 * trigger, and an instance fires a trigger only under the {@code TRIGGER_ACCESS} row
 * lock, so each fire runs on exactly one instance. A poll left running by an instance
 * that died is run again by another (the poll triggers ask for recovery).
 */
public final class ClusteredQuartz {

	/**
	 * The scheduler's name, shared by every instance: it is the {@code sched_name} of the
	 * {@code qrtz_*} rows, and migration V8 seeds its lock rows.
	 */
	public static final String SCHEDULER_NAME = "attendance-bridge";

	private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

	private ClusteredQuartz() {
	}

	/**
	 * The {@code quartz} component for clustered polling.
	 * @throws IllegalStateException if the database is not PostgreSQL: a cluster needs
	 * one database all its instances share, and the embedded H2 file belongs to one
	 */
	public static QuartzComponent component(DataSource dataSource, ClusterProperties settings) {
		requireSharedDatabase(dataSource);
		// Quartz finds its connections by name in a process-wide registry.
		String name = SCHEDULER_NAME + "-" + DATA_SOURCES.incrementAndGet();
		DBConnectionManager.getInstance().addConnectionProvider(name, new DataSourceProvider(dataSource));
		QuartzComponent quartz = new QuartzComponent();
		// The scheduler's name must be the same on every instance, not prefixed per
		// CamelContext.
		quartz.setPrefixInstanceName(false);
		// Started by ConnectorRoutes once every school's trigger route exists.
		quartz.setAutoStartScheduler(false);
		quartz.setProperties(properties(settings, name));
		return quartz;
	}

	static Properties properties(ClusterProperties settings, String dataSourceName) {
		Properties quartz = new Properties();
		quartz.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
		quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
		quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
		quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
		quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
		quartz.setProperty("org.quartz.jobStore.driverDelegateClass",
				"org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
		quartz.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
		quartz.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
		quartz.setProperty("org.quartz.jobStore.isClustered", "true");
		quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval",
				Long.toString(settings.checkinInterval().toMillis()));
		quartz.setProperty("org.quartz.jobStore.misfireThreshold",
				Long.toString(settings.misfireThreshold().toMillis()));
		// Without it two instances can acquire the same trigger and both fire it.
		quartz.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
		return quartz;
	}

	/**
	 * Refuses any database but PostgreSQL, naming the setting that asked for a cluster.
	 */
	static void requireSharedDatabase(DataSource dataSource) {
		String product;
		try (Connection connection = dataSource.getConnection()) {
			product = connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("attendance-bridge.cluster.enabled=true (CLUSTER_ENABLED): "
					+ "cannot reach the database to check it is PostgreSQL: " + ex.getMessage(), ex);
		}
		if (!"PostgreSQL".equals(product)) {
			throw new IllegalStateException("attendance-bridge.cluster.enabled=true (CLUSTER_ENABLED) is refused on "
					+ product + ": clustered polling needs one PostgreSQL database shared by every instance "
					+ "(SPRING_DATASOURCE_URL=jdbc:postgresql://...); run a single instance on " + product
					+ " with clustering off");
		}
	}

	/**
	 * Lends Quartz connections from the application's pool; the pool is Spring's to
	 * close.
	 */
	private record DataSourceProvider(DataSource dataSource) implements ConnectionProvider {

		@Override
		public Connection getConnection() throws SQLException {
			return this.dataSource.getConnection();
		}

		@Override
		public void shutdown() {
		}

		@Override
		public void initialize() {
		}

	}

}
