package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
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
 * own. Each attempt runs, and is logged, under the action's reference as its correlation
 * id.
 * <p>
 * Channels run side by side, so a slow one (letters) never holds texts back, and each
 * drains what is due while its pacing allows: its senders ({@code concurrency}) each take
 * permits for a few rows, claim them, send them one after another and end them in one
 * transaction, until nothing is due or the gateway's limit is reached. A channel is
 * worked by one run at a time on this node; a run that finds it busy has the run draining
 * it go round once more.
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

	private final Map<Channel, Lock> draining = new IdentityHashMap<>();

	private final Map<Channel, AtomicBoolean> wanted = new IdentityHashMap<>();

	private final ExecutorService senders = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "dispatch-sender");
		thread.setDaemon(true);
		return thread;
	});

	public Dispatcher(List<Channel> channels, List<ChannelPacing> pacings, DispatchStore store,
			DispatchProperties settings, GatewayMonitor gateways) {
		this.channels = List.copyOf(channels);
		this.pacings = List.copyOf(pacings);
		this.store = store;
		this.settings = settings;
		this.gateways = gateways;
		this.node = settings.node().isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8)
				: settings.node();
		for (Channel channel : this.channels) {
			this.draining.put(channel, new ReentrantLock());
			this.wanted.put(channel, new AtomicBoolean());
		}
		Set<String> kinds = new TreeSet<>();
		this.channels.forEach((channel) -> kinds.addAll(channel.kinds()));
		log.info("Dispatch node {}: channels for {}", this.node, kinds.isEmpty() ? "no kind yet" : kinds);
	}

	/** This instance's name in leases. */
	public String node() {
		return this.node;
	}

	/** One pass over every channel, side by side; returns when each has drained. */
	public DispatchReport run() {
		List<Future<DispatchReport.ChannelRun>> runs = new ArrayList<>();
		for (Channel channel : this.channels) {
			runs.add(this.senders.submit(() -> run(channel)));
		}
		List<DispatchReport.ChannelRun> done = new ArrayList<>();
		for (Future<DispatchReport.ChannelRun> run : runs) {
			done.add(result(run));
		}
		return new DispatchReport(done);
	}

	/**
	 * Drains the channel, or, when another run is draining it already, has that run go
	 * round once more: rows proposed meanwhile are never left for the next tick.
	 */
	private DispatchReport.ChannelRun run(Channel channel) {
		AtomicBoolean wanted = this.wanted.get(channel);
		Lock lock = this.draining.get(channel);
		wanted.set(true);
		Tally tally = new Tally();
		Set<String> held = new LinkedHashSet<>();
		// Looks again after letting go: a run may have asked between the last drain and
		// the unlock.
		while (wanted.get() && lock.tryLock()) {
			try {
				while (wanted.getAndSet(false)) {
					held.addAll(drain(channel, pacing(channel), tally));
				}
			}
			finally {
				lock.unlock();
			}
		}
		return tally.report(channel, held);
	}

	@PreDestroy
	void stop() {
		this.senders.shutdownNow();
	}

	private ChannelPacing pacing(Channel channel) {
		return this.pacings.stream().filter((p) -> p.kinds().equals(channel.kinds())).findFirst().orElse(UNPACED);
	}

	/**
	 * @return the schools held back (a circuit breaker)
	 */
	private Set<String> drain(Channel channel, ChannelPacing pacing, Tally tally) {
		Set<String> kinds = new TreeSet<>(channel.kinds());
		tally.add("expired", this.store.expireLeases(kinds));
		if (this.store.inDoubtDue(kinds)) {
			reconcile(channel, pacing, kinds, tally);
		}
		Map<String, Integer> due = this.store.dueBySchool(kinds);
		Set<String> held = new LinkedHashSet<>(pacing.schoolsToHold(due));
		int rows = due.entrySet()
			.stream()
			.filter((d) -> !held.contains(d.getKey()))
			.mapToInt(Map.Entry::getValue)
			.sum();
		// As many senders as the rows due keep busy, up to the channel's concurrency.
		int senders = Math.min(this.settings.concurrency(kinds),
				(rows + this.settings.batchSize() - 1) / this.settings.batchSize());
		List<Future<?>> others = new ArrayList<>();
		for (int n = 1; n < senders; n++) {
			others.add(this.senders.submit(() -> send(channel, pacing, kinds, held, tally)));
		}
		if (senders > 0) {
			send(channel, pacing, kinds, held, tally);
		}
		others.forEach(Dispatcher::result);
		return held;
	}

	/**
	 * One sender: takes permits for a few rows, claims them, sends them and ends them,
	 * until nothing is due, the gateway asked us to wait or its limit is reached.
	 */
	private void send(Channel channel, ChannelPacing pacing, Set<String> kinds, Set<String> held, Tally tally) {
		while (!Thread.currentThread().isInterrupted()) {
			Instant paused = pacing.pausedUntil();
			if (paused != null && paused.isAfter(this.store.now())) {
				return;
			}
			Permits permits = pacing.permits(this.settings.batchSize());
			if (permits.count() == 0) {
				return;
			}
			DispatchStore.Claim claim = this.store.claim(kinds, held, permits.count(), this.node, leaseUntil(),
					(action) -> pacing.notBefore(action, this.store.now()));
			permits.giveBack(permits.count() - claim.rows().size());
			tally.add("deferred", claim.deferred());
			// Fewer rows than asked for: none is left due.
			boolean drained = claim.rows().size() + claim.deferred() < permits.count();
			List<OutboxAction> sent = new ArrayList<>();
			List<DispatchStore.Ending> endings = new ArrayList<>();
			Instant recordBy = this.store.now().plus(this.settings.lease().dividedBy(2));
			try {
				for (OutboxAction action : claim.rows()) {
					if (!endings.isEmpty() && !this.store.now().isBefore(recordBy)) {
						// Slow sends: what was sent is recorded while its lease still
						// holds,
						// so no other node takes it for one in doubt.
						finish(sent, endings, tally);
						sent.clear();
						endings.clear();
						recordBy = this.store.now().plus(this.settings.lease().dividedBy(2));
					}
					try (Correlation.Scope scope = Correlation.open(action.reference())) {
						if (!this.store.renew(action.id(), this.node, leaseUntil())) {
							// The lease ran out while earlier rows were sent: the row is
							// another node's now (in doubt, looked up before any send).
							log.warn("Outbox action {}: lease lost before its send, left to reconciliation",
									action.id());
							continue;
						}
						sent.add(action);
						endings.add(ending(action, "SENDING",
								this.gateways.deliver(channel, action, () -> deliver(channel, action)), pacing));
					}
				}
			}
			finally {
				// Whatever stopped the batch, what was sent is recorded.
				finish(sent, endings, tally);
			}
			if (drained) {
				return;
			}
		}
	}

	private void reconcile(Channel channel, ChannelPacing pacing, Set<String> kinds, Tally tally) {
		Permits permits = pacing.permits(this.settings.batchSize());
		List<OutboxAction> doubtful = this.store.claimInDoubt(kinds, permits.count(), this.node, leaseUntil());
		permits.giveBack(permits.count() - doubtful.size());
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
		tally.add("reconciled", 1);
		DispatchStore.Ending ending;
		if (found.isPresent()) {
			ending = ending(action, "IN_DOUBT", found.get(), pacing);
		}
		else if (action.attempts() >= this.settings.maxAttempts(action.planned().kind().id())) {
			ending = new DispatchStore.Ending(action.id(), "IN_DOUBT", "FAILED", null, "nothing arrived", null,
					"reconciled: nothing arrived, and no attempts are left");
		}
		else {
			ending = new DispatchStore.Ending(action.id(), "IN_DOUBT", "RETRYABLE", null, "nothing arrived",
					this.store.now(), "reconciled: nothing arrived, safe to send again");
		}
		finish(List.of(action), List.of(ending), tally);
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

	/** How a delivery (or a lookup that found the earlier one) ends the row. */
	private DispatchStore.Ending ending(OutboxAction action, String from, Delivery delivery, ChannelPacing pacing) {
		int made = action.attempts() + (from.equals("SENDING") ? 1 : 0);
		int max = this.settings.maxAttempts(action.planned().kind().id());
		return switch (delivery.outcome()) {
			case SENT -> new DispatchStore.Ending(action.id(), from, "SENT", delivery.providerId(), null, null,
					delivery.detail());
			case FAILED ->
				new DispatchStore.Ending(action.id(), from, "FAILED", null, delivery.detail(), null, delivery.detail());
			case IN_DOUBT -> new DispatchStore.Ending(action.id(), from, "IN_DOUBT", null, delivery.detail(),
					backoff(1), delivery.detail());
			case RETRYABLE -> {
				if (made >= max) {
					yield new DispatchStore.Ending(action.id(), from, "FAILED", null, delivery.detail(), null,
							"gave up after " + made + " attempts: " + delivery.detail());
				}
				Instant next = backoff(made);
				Instant paused = pacing.pausedUntil();
				if (paused != null && paused.isAfter(next)) {
					next = paused;
				}
				yield new DispatchStore.Ending(action.id(), from, "RETRYABLE", null, delivery.detail(), next,
						delivery.detail() + "; next attempt at " + next);
			}
		};
	}

	/**
	 * Ends each action's row as its ending says; {@code actions} and {@code endings} pair
	 * up.
	 */
	private void finish(List<OutboxAction> actions, List<DispatchStore.Ending> endings, Tally tally) {
		List<Boolean> ended = this.store.finishAll(this.node, endings);
		for (int i = 0; i < endings.size(); i++) {
			OutboxAction action = actions.get(i);
			DispatchStore.Ending ending = endings.get(i);
			try (Correlation.Scope scope = Correlation.open(action.reference())) {
				if (ended.get(i)) {
					tally.add(ending.to(), 1);
					// One line per attempt; ids only, no pupil data.
					log.info("Outbox {} ({}, {}): {} -> {}", action.id(), action.planned().kind().id(),
							action.planned().school(), ending.from(), ending.to());
				}
				else {
					log.warn("Outbox {}: the lease was lost before it could end {}; the node that holds it decides",
							ending.id(), ending.to());
				}
			}
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
		// Senders run side by side: each thread its own generator.
		long jitterMillis = (long) (wait.toMillis() * 0.5 * ThreadLocalRandom.current().nextDouble());
		return this.store.now().plus(wait).plusMillis(jitterMillis);
	}

	private Instant leaseUntil() {
		return this.store.now().plus(this.settings.lease());
	}

	private static <T> T result(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("dispatch interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Counts of one channel's run, added to by its senders side by side. */
	private static final class Tally {

		private final Map<String, Integer> counts = new HashMap<>();

		synchronized void add(String what, int n) {
			this.counts.merge(what, n, Integer::sum);
		}

		synchronized DispatchReport.ChannelRun report(Channel channel, Set<String> held) {
			return new DispatchReport.ChannelRun(String.join(",", new TreeSet<>(channel.kinds())), count("SENT"),
					count("RETRYABLE"), count("FAILED"), count("IN_DOUBT"), count("reconciled"), count("deferred"),
					count("expired"), held);
		}

		private int count(String what) {
			return this.counts.getOrDefault(what, 0);
		}

	}

}
