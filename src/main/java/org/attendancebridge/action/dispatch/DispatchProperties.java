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
 * @param lease how long a claimed row is this node's; longer than any channel's request
 * timeout and the margin, so only a node that died or stalled loses it
 * @param leaseMargin how much of a row's lease must be left beyond the channel's request
 * timeout for its send to start: time for the clocks of the nodes to differ and the
 * outcome to be recorded
 * @param shutdownGrace how long, when the application stops, sends in flight have to
 * finish and be recorded before their senders are interrupted (rows then left SENDING
 * wait for their lease to run out, and are looked up before any resend)
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
		@DefaultValue("5") int maxAttempts, Map<String, Integer> maxAttemptsByKind,
		@DefaultValue("5s") Duration leaseMargin, @DefaultValue("20s") Duration shutdownGrace) {

	public DispatchProperties {
		maxAttemptsByKind = (maxAttemptsByKind == null) ? Map.of() : Map.copyOf(maxAttemptsByKind);
		concurrencyByKind = (concurrencyByKind == null) ? Map.of() : Map.copyOf(concurrencyByKind);
		if (batchSize < 1 || maxAttempts < 1 || concurrency < 1
				|| concurrencyByKind.values().stream().anyMatch((n) -> n < 1)) {
			throw new IllegalArgumentException(
					"attendance-bridge.dispatch: batch-size, concurrency and max-attempts are at least 1");
		}
		if (leaseMargin.isNegative() || shutdownGrace.isNegative()) {
			throw new IllegalArgumentException(
					"attendance-bridge.dispatch: lease-margin and shutdown-grace are not negative");
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
