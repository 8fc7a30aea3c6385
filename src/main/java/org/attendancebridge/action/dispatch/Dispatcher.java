package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.attendancebridge.logging.Correlation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Works the outbox, channel by channel (routes/dispatch.yaml calls {@link #run()}): rows
 * left SENDING by a node that died become IN_DOUBT; IN_DOUBT rows are looked up with the
 * provider ({@link Channel#find}) and end SENT if the earlier attempt arrived, or go
 * round again if nothing did, or stay in doubt for a person where the provider cannot be
 * asked ({@link LeftForAPerson}); then due rows are claimed (SENDING, committed),
 * delivered outside any transaction, and ended SENT, RETRYABLE (with backoff and jitter;
 * FAILED after the channel's last attempt), FAILED or IN_DOUBT in a transaction of their
 * own.
 */
@Component("dispatcher")
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final ChannelPacing UNPACED = () -> Set.of();

	private final List<Channel> channels;

	private final List<ChannelPacing> pacings;

	private final DispatchStore store;

	private final DispatchProperties settings;

	private final GatewayMonitor gateways;

	private final String node;

	private final RandomGenerator jitter = RandomGenerator.getDefault();

	public Dispatcher(List<Channel> channels, List<ChannelPacing> pacings, DispatchStore store,
			DispatchProperties settings, GatewayMonitor gateways) {
		this.channels = List.copyOf(channels);
		this.pacings = List.copyOf(pacings);
		this.store = store;
		this.settings = settings;
		this.gateways = gateways;
		this.node = settings.node().isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8)
				: settings.node();
		Set<String> kinds = new TreeSet<>();
		this.channels.forEach((channel) -> kinds.addAll(channel.kinds()));
		log.info("Dispatch node {}: channels for {}", this.node, kinds.isEmpty() ? "no kind yet" : kinds);
	}

	/** This instance's name in leases. */
	public String node() {
		return this.node;
	}

	/** One pass over every channel. */
	public synchronized DispatchReport run() {
		List<DispatchReport.ChannelRun> runs = new ArrayList<>();
		for (Channel channel : this.channels) {
			runs.add(run(channel, pacing(channel)));
		}
		return new DispatchReport(runs);
	}

	private ChannelPacing pacing(Channel channel) {
		return this.pacings.stream().filter((p) -> p.kinds().equals(channel.kinds())).findFirst().orElse(UNPACED);
	}

	private DispatchReport.ChannelRun run(Channel channel, ChannelPacing pacing) {
		Set<String> kinds = new TreeSet<>(channel.kinds());
		Tally tally = new Tally();
		tally.expired = this.store.expireLeases(kinds);
		reconcile(channel, pacing, kinds, tally);
		Set<String> held = new LinkedHashSet<>(pacing.schoolsToHold(this.store.dueBySchool(kinds)));
		Instant paused = pacing.pausedUntil();
		if (paused == null || !paused.isAfter(this.store.now())) {
			int permits = pacing.permits(this.settings.batchSize());
			DispatchStore.Claim claim = this.store.claim(kinds, held, permits, this.node, leaseUntil(),
					(action) -> pacing.notBefore(action, this.store.now()));
			pacing.unused(permits - claim.rows().size());
			tally.deferred = claim.deferred();
			for (OutboxAction action : claim.rows()) {
				try (Correlation.Scope scope = Correlation.open(action.reference())) {
					attempt(channel, pacing, action, tally);
				}
			}
		}
		return new DispatchReport.ChannelRun(String.join(",", kinds), tally.sent, tally.retryable, tally.failed,
				tally.inDoubt, tally.reconciled, tally.deferred, tally.expired, held);
	}

	private void attempt(Channel channel, ChannelPacing pacing, OutboxAction action, Tally tally) {
		if (!this.store.renew(action.id(), this.node, leaseUntil())) {
			// The lease ran out while earlier rows were sent: the row is another node's
			// now (in doubt, looked up before any send), not ours to send.
			log.warn("Outbox action {}: lease lost before its send, left to reconciliation", action.id());
			return;
		}
		end(action, "SENDING", this.gateways.deliver(channel, action, () -> deliver(channel, action)), pacing, tally);
	}

	private void reconcile(Channel channel, ChannelPacing pacing, Set<String> kinds, Tally tally) {
		int permits = pacing.permits(this.settings.batchSize());
		List<OutboxAction> doubtful = this.store.claimInDoubt(kinds, permits, this.node, leaseUntil());
		pacing.unused(permits - doubtful.size());
		for (OutboxAction action : doubtful) {
			try (Correlation.Scope scope = Correlation.open(action.reference())) {
				reconcile(channel, action, tally, pacing);
			}
		}
	}

	private void reconcile(Channel channel, OutboxAction action, Tally tally, ChannelPacing pacing) {
		Optional<Delivery> found;
		try {
			found = this.gateways.find(channel, action);
		}
		catch (LeftForAPerson ex) {
			// Nothing to ask: look again only rarely, and say why it waits.
			this.store.release(action.id(), this.node, this.store.now().plus(this.settings.maxBackoff()),
					ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			// Still unknown: look again later, and send nothing meanwhile.
			this.store.release(action.id(), this.node, backoff(action.attempts()),
					"lookup failed: " + ex.getClass().getSimpleName());
			log.info("Outbox {} ({}, {}): still in doubt, the look-up failed ({})", action.id(),
					action.planned().kind().id(), action.planned().school(), ex.getClass().getSimpleName());
			return;
		}
		tally.reconciled++;
		if (found.isPresent()) {
			end(action, "IN_DOUBT", found.get(), pacing, tally);
		}
		else if (action.attempts() >= this.settings.maxAttempts(action.planned().kind().id())) {
			finish(action, "IN_DOUBT", "FAILED", null, "nothing arrived",
					"reconciled: nothing arrived, and no attempts are left", null, tally);
		}
		else {
			finish(action, "IN_DOUBT", "RETRYABLE", null, "nothing arrived",
					"reconciled: nothing arrived, safe to send again", this.store.now(), tally);
		}
	}

	private static Delivery deliver(Channel channel, OutboxAction action) {
		try {
			Delivery delivery = channel.deliver(action);
			return (delivery != null) ? delivery : Delivery.inDoubt("the channel answered nothing");
		}
		catch (RuntimeException ex) {
			// The request may have left: never a reason to resend blindly.
			return Delivery.inDoubt("the channel failed mid-send: " + ex.getClass().getSimpleName());
		}
	}

	private void end(OutboxAction action, String from, Delivery delivery, ChannelPacing pacing, Tally tally) {
		int made = action.attempts() + (from.equals("SENDING") ? 1 : 0);
		int max = this.settings.maxAttempts(action.planned().kind().id());
		switch (delivery.outcome()) {
			case SENT -> finish(action, from, "SENT", delivery.providerId(), null, delivery.detail(), null, tally);
			case FAILED -> finish(action, from, "FAILED", null, delivery.detail(), delivery.detail(), null, tally);
			case IN_DOUBT ->
				finish(action, from, "IN_DOUBT", null, delivery.detail(), delivery.detail(), backoff(1), tally);
			case RETRYABLE -> {
				if (made >= max) {
					finish(action, from, "FAILED", null, delivery.detail(),
							"gave up after " + made + " attempts: " + delivery.detail(), null, tally);
				}
				else {
					Instant next = backoff(made);
					Instant paused = pacing.pausedUntil();
					if (paused != null && paused.isAfter(next)) {
						next = paused;
					}
					finish(action, from, "RETRYABLE", null, delivery.detail(),
							delivery.detail() + "; next attempt at " + next, next, tally);
				}
			}
		}
	}

	private void finish(OutboxAction action, String from, String to, String providerId, String error, String detail,
			Instant next, Tally tally) {
		if (!this.store.finish(action.id(), from, this.node, to, providerId, error, next, detail)) {
			log.warn("Outbox {}: the lease was lost before it could end {}; the node that holds it decides",
					action.id(), to);
			return;
		}
		// One line per attempt, under the action's correlation id; ids only, no pupil
		// data.
		log.info("Outbox {} ({}, {}): {} -> {}", action.id(), action.planned().kind().id(), action.planned().school(),
				from, to);
		switch (to) {
			case "SENT" -> tally.sent++;
			case "FAILED" -> tally.failed++;
			case "IN_DOUBT" -> tally.inDoubt++;
			default -> tally.retryable++;
		}
	}

	/**
	 * When attempt {@code made + 1} may go: the base wait doubled per attempt made,
	 * capped, plus up to half of it again at random.
	 */
	Instant backoff(int made) {
		Duration base = this.settings.backoff();
		Duration wait = base.multipliedBy(1L << Math.min(Math.max(made - 1, 0), 20));
		if (wait.compareTo(this.settings.maxBackoff()) > 0) {
			wait = this.settings.maxBackoff();
		}
		long jitterMillis = (long) (wait.toMillis() * 0.5 * this.jitter.nextDouble());
		return this.store.now().plus(wait).plusMillis(jitterMillis);
	}

	private Instant leaseUntil() {
		return this.store.now().plus(this.settings.lease());
	}

	/** Counts of one channel's run. */
	private static final class Tally {

		int sent;

		int retryable;

		int failed;

		int inDoubt;

		int reconciled;

		int deferred;

		int expired;

	}

}
