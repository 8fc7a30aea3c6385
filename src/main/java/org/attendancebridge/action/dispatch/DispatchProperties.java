package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatcher works the outbox ({@code attendance-bridge.dispatch.*}).
 *
 * @param node this instance's name in leases; blank for a random one per start
 * @param batchSize rows one sender claims at a time: small, since the gateway's permits
 * for them are taken before the first is sent
 * @param concurrency senders per channel on this instance, each claiming and sending its
 * own rows
 * @param concurrencyByKind per action kind, overriding {@code concurrency} (texts go to a
 * gateway that answers each in tens of milliseconds: several at once reach its limit)
 * @param lease how long a claimed row is this node's; longer than any channel's timeout,
 * so only a node that died loses it
 * @param backoff the wait before the first retry; doubled for each further attempt, with
 * up to half again of jitter so retries from many rows do not come in step
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts delivery attempts before an action is FAILED (the dead-letter state)
 * @param maxAttemptsByKind per action kind, overriding {@code maxAttempts}
 */
@ConfigurationProperties("attendance-bridge.dispatch")
public record DispatchProperties(@DefaultValue("") String node, @DefaultValue("5") int batchSize,
		@DefaultValue("1") int concurrency, Map<String, Integer> concurrencyByKind, @DefaultValue("2m") Duration lease,
		@DefaultValue("30s") Duration backoff, @DefaultValue("1h") Duration maxBackoff,
		@DefaultValue("5") int maxAttempts, Map<String, Integer> maxAttemptsByKind) {

	public DispatchProperties {
		maxAttemptsByKind = (maxAttemptsByKind == null) ? Map.of() : Map.copyOf(maxAttemptsByKind);
		concurrencyByKind = (concurrencyByKind == null) ? Map.of() : Map.copyOf(concurrencyByKind);
		if (batchSize < 1 || maxAttempts < 1 || concurrency < 1
				|| concurrencyByKind.values().stream().anyMatch((n) -> n < 1)) {
			throw new IllegalArgumentException(
					"attendance-bridge.dispatch: batch-size, concurrency and max-attempts are at least 1");
		}
	}

	/** Senders of a channel delivering these kinds. */
	public int concurrency(Set<String> kinds) {
		return kinds.stream()
			.mapToInt((kind) -> this.concurrencyByKind.getOrDefault(kind, this.concurrency))
			.max()
			.orElse(this.concurrency);
	}

	public int maxAttempts(String kind) {
		return this.maxAttemptsByKind.getOrDefault(kind, this.maxAttempts);
	}

}
