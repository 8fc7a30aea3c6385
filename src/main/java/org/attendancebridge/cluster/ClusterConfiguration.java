package org.attendancebridge.cluster;

import javax.sql.DataSource;

import org.apache.camel.component.quartz.QuartzComponent;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clustered polling, when {@code attendance-bridge.cluster.enabled=true}: the routes'
 * {@code quartz:} endpoints then resolve to the clustered component. Without it Camel
 * creates its default Quartz component, in memory, as a single instance needs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@ConditionalOnProperty(name = "attendance-bridge.cluster.enabled", havingValue = "true")
public class ClusterConfiguration {

	/** Named {@code quartz}: Camel looks a component up by its scheme first. */
	@Bean("quartz")
	QuartzComponent quartz(DataSource dataSource, ClusterProperties settings) {
		return ClusteredQuartz.component(dataSource, settings);
	}

}
