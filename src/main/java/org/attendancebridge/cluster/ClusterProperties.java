package org.attendancebridge.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether several adapter instances share the polls through clustered Quartz on one
 * PostgreSQL ({@code attendance-bridge.cluster.*}, {@code CLUSTER_ENABLED}).
 *
 * @param enabled true: Quartz keeps its triggers in the database (the {@code qrtz_*}
 * tables) and each fire runs on exactly one instance; false (the default): every instance
 * schedules its polls in memory, as a single instance should
 * @param checkinInterval how often an instance tells the others it is alive; one silent
 * for longer than this (plus Quartz's fixed 7.5 s of grace) is taken for dead and its
 * polls are recovered by another
 * @param misfireThreshold how late a trigger may still fire; a later one has misfired and
 * the poll triggers' rule (do nothing) skips it to the next scheduled poll
 * @param threads Quartz worker threads: how many polls this instance runs at once
 */
@ConfigurationProperties("attendance-bridge.cluster")
public record ClusterProperties(@DefaultValue("false") boolean enabled, @DefaultValue("10s") Duration checkinInterval,
		@DefaultValue("60s") Duration misfireThreshold, @DefaultValue("10") int threads) {

	public ClusterProperties {
		if (checkinInterval.isNegative() || checkinInterval.isZero() || misfireThreshold.isNegative() || threads < 1) {
			throw new IllegalArgumentException("attendance-bridge.cluster: checkin-interval must be positive, "
					+ "misfire-threshold not negative and threads at least 1");
		}
	}

}
