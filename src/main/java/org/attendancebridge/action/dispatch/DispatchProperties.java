package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatcher works the outbox ({@code attendance-bridge.dispatch.*}).
 *
 * @param node this instance's name in leases; blank for a random one per start
 * @param batchSize rows claimed per channel per run
 * @param lease how long a claimed row is this node's; longer than any channel's timeout,
 * so only a node that died loses it
 * @param backoff the wait before the first retry; doubled for each further attempt, with
 * up to half again of jitter so retries from many rows do not come in step
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts delivery attempts before an action is FAILED (the dead-letter state)
 * @param maxAttemptsByKind per action kind, overriding {@code maxAttempts}
 */
@ConfigurationProperties("attendance-bridge.dispatch")
public record DispatchProperties(@DefaultValue("") String node, @DefaultValue("200") int batchSize,
		@DefaultValue("2m") Duration lease, @DefaultValue("30s") Duration backoff,
		@DefaultValue("1h") Duration maxBackoff, @DefaultValue("5") int maxAttempts,
		Map<String, Integer> maxAttemptsByKind) {

	public DispatchProperties {
		maxAttemptsByKind = (maxAttemptsByKind == null) ? Map.of() : Map.copyOf(maxAttemptsByKind);
		if (batchSize < 1 || maxAttempts < 1) {
			throw new IllegalArgumentException(
					"attendance-bridge.dispatch: batch-size and max-attempts are at least 1");
		}
	}

	public int maxAttempts(String kind) {
		return this.maxAttemptsByKind.getOrDefault(kind, this.maxAttempts);
	}

}
