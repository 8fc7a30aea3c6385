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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import org.attendancebridge.logging.Correlation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
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
 * it go round once more. A run lets go of a channel only once every sender it started has
 * ended, and fails with the errors of all that failed.
 * <p>
 * A send starts only while the row's lease outlasts the channel's request timeout and a
 * margin, and the channel cuts its requests off at that timeout: the request has ended
 * before the lease does, and another node takes a row only once its lease has run out. A
 * channel that declares no such timeout has each row's lease renewed in full just before
 * its send. When the application stops, senders claim nothing more, hand back rows they
 * claimed but did not start, and have a grace to finish and record the sends in flight.
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

	/** Set when the application begins to stop: nothing more is claimed. */
	private final AtomicBoolean stopping = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

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
			Duration needed = channel.requestTimeout().plus(settings.leaseMargin());
			if (needed.compareTo(settings.lease()) >= 0) {
				throw new IllegalStateException("attendance-bridge.dispatch.lease (" + text(settings.lease())
						+ ") must be longer than a delivery of " + new TreeSet<>(channel.kinds()) + " may take ("
						+ text(channel.requestTimeout())
						+ ", the channel's timeout) plus attendance-bridge.dispatch.lease-margin ("
						+ text(settings.leaseMargin()) + "): raise the lease or lower the timeout");
			}
		}
		Set<String> kinds = new TreeSet<>();
		this.channels.forEach((channel) -> kinds.addAll(channel.kinds()));
		log.info("Dispatch node {}: channels for {}", this.node, kinds.isEmpty() ? "no kind yet" : kinds);
	}

	/** A duration as a setting is written: {@code 90s}, {@code 1500ms}. */
	private static String text(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/** This instance's name in leases. */
	public String node() {
		return this.node;
	}

	/**
	 * One pass over every channel, side by side; returns when each has drained, or fails
	 * with the errors of every channel that failed once all have ended.
	 */
	public DispatchReport run() {
		List<Future<DispatchReport.ChannelRun>> runs = new ArrayList<>();
		for (Channel channel : this.channels) {
			submit(() -> run(channel)).ifPresent(runs::add);
		}
		RunFailures failures = new RunFailures("channels");
		List<DispatchReport.ChannelRun> done = new ArrayList<>();
		for (Future<DispatchReport.ChannelRun> run : runs) {
			failures.await(run).ifPresent(done::add);
		}
		failures.throwIfAny();
		return new DispatchReport(done);
	}

	/** Starts a task, unless the application is stopping (then nothing more starts). */
	private <T> Optional<Future<T>> submit(Callable<T> task) {
		if (this.stopping.get()) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.senders.submit(task));
		}
		catch (RejectedExecutionException ex) {
			if (this.stopping.get()) {
				return Optional.empty();
			}
			throw ex;
		}
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

	/**
	 * The application begins to close: senders claim nothing more from now on, before
	 * Camel waits for the run in flight.
	 */
	@EventListener
	void closing(ContextClosedEvent event) {
		// A child context closing (a management server's) is not the application
		// stopping.
		if (event.getApplicationContext().getBeansOfType(Dispatcher.class).containsValue(this)) {
			this.stopping.set(true);
		}
	}

	boolean stopping() {
		return this.stopping.get();
	}

	/**
	 * Stops: nothing more is claimed, sends in flight have the grace to finish and be
	 * recorded, and only then are the senders interrupted. Rows still SENDING are left to
	 * their lease (then looked up before any resend), and counted in the log.
	 */
	@PreDestroy
	void stop() {
		if (!this.stopped.compareAndSet(false, true)) {
			return;
		}
		this.stopping.set(true);
		this.senders.shutdown();
		boolean ended;
		try {
			ended = this.senders.awaitTermination(this.settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ended = false;
		}
		if (!ended) {
			this.senders.shutdownNow();
		}
		try {
			int left = this.store.sendingHeldBy(this.node);
			if (left > 0) {
				log.warn(
						"Dispatch node {} stopped with {} rows still SENDING after {} of grace: each waits for its "
								+ "lease to run out, then is looked up with its provider before any resend",
						this.node, left, text(this.settings.shutdownGrace()));
			}
			else {
				log.info("Dispatch node {} stopped: every send in flight was recorded", this.node);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Dispatch node {} stopped; the rows it left SENDING could not be counted ({})", this.node,
					ex.getClass().getSimpleName());
		}
	}

	private ChannelPacing pacing(Channel channel) {
		return this.pacings.stream().filter((p) -> p.kinds().equals(channel.kinds())).findFirst().orElse(UNPACED);
	}

	/**
	 * @return the schools held back (a circuit breaker)
	 */
	private Set<String> drain(Channel channel, ChannelPacing pacing, Tally tally) {
		if (this.stopping.get()) {
			return Set.of();
		}
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
		RunFailures failures = new RunFailures(String.join(",", kinds) + " senders");
		List<Future<Void>> others = new ArrayList<>();
		try {
			for (int n = 1; n < senders; n++) {
				submit(() -> {
					send(channel, pacing, kinds, held, tally);
					return (Void) null;
				}).ifPresent(others::add);
			}
			if (senders > 0) {
				send(channel, pacing, kinds, held, tally);
			}
		}
		catch (RuntimeException | Error ex) {
			failures.add(ex);
		}
		// Whatever this thread's sender did, the channel is let go only once none of the
		// run's senders is still sending.
		others.forEach(failures::await);
		failures.throwIfAny();
		return held;
	}

	/**
	 * One sender: takes permits for a few rows, claims them, sends them and ends them,
	 * until nothing is due, the gateway asked us to wait, its limit is reached or the
	 * application stops. A permit goes back for every row claimed but not sent.
	 */
	private void send(Channel channel, ChannelPacing pacing, Set<String> kinds, Set<String> held, Tally tally) {
		while (!this.stopping.get() && !Thread.currentThread().isInterrupted()) {
			Instant paused = pacing.pausedUntil();
			if (paused != null && paused.isAfter(this.store.now())) {
				return;
			}
			Permits permits = pacing.permits(this.settings.batchSize());
			if (permits.count() == 0) {
				return;
			}
			Instant leaseUntil = leaseUntil();
			DispatchStore.Claim claim;
			try {
				claim = this.store.claim(kinds, held, permits.count(), this.node, leaseUntil,
						(action) -> pacing.notBefore(action, this.store.now()));
			}
			catch (RuntimeException ex) {
				permits.giveBack(permits.count());
				throw ex;
			}
			permits.giveBack(permits.count() - claim.rows().size());
			tally.add("deferred", claim.deferred());
			// Fewer rows than asked for: none is left due.
			boolean drained = claim.rows().size() + claim.deferred() < permits.count();
			Batch batch = new Batch(channel, pacing, tally);
			try {
				batch.send(claim.rows(), leaseUntil);
			}
			finally {
				// Whatever stopped the batch, what was sent is recorded, and the
				// permits of rows not sent go back.
				try {
					batch.record();
				}
				finally {
					permits.giveBack(claim.rows().size() - batch.started);
				}
			}
			if (drained) {
				return;
			}
		}
	}

	/**
	 * One sender's claimed rows, sent one after another; what was sent waits to be ended.
	 */
	private final class Batch {

		private final Channel channel;

		private final ChannelPacing pacing;

		private final Tally tally;

		private final Duration needed;

		/** Whether the channel cuts its requests off at a declared timeout. */
		private final boolean bounded;

		/** Sent and not yet ended, each with its ending. */
		private final List<OutboxAction> sent = new ArrayList<>();

		private final List<DispatchStore.Ending> endings = new ArrayList<>();

		/** Rows whose delivery was started. */
		private int started;

		/** When what was sent is recorded even if no lease needs renewing. */
		private Instant recordBy;

		Batch(Channel channel, ChannelPacing pacing, Tally tally) {
			this.channel = channel;
			this.pacing = pacing;
			this.tally = tally;
			this.needed = channel.requestTimeout().plus(Dispatcher.this.settings.leaseMargin());
			this.bounded = !channel.requestTimeout().isZero() && !channel.requestTimeout().isNegative();
			this.recordBy = halfALeaseOn();
		}

		private Instant halfALeaseOn() {
			return Dispatcher.this.store.now().plus(Dispatcher.this.settings.lease().dividedBy(2));
		}

		/** Ends the rows sent so far, in one transaction. */
		void record() {
			finish(this.sent, this.endings, this.tally);
			this.sent.clear();
			this.endings.clear();
			this.recordBy = halfALeaseOn();
		}

		/**
		 * @param claimedUntil the lease every row was claimed with
		 */
		void send(List<OutboxAction> rows, Instant claimedUntil) {
			for (int i = 0; i < rows.size(); i++) {
				OutboxAction action = rows.get(i);
				if (Dispatcher.this.stopping.get()) {
					handBack(rows.subList(i, rows.size()), "the node is stopping");
					return;
				}
				if (!this.sent.isEmpty() && !Dispatcher.this.store.now().isBefore(this.recordBy)) {
					// Slow sends: what was sent is recorded while its lease still
					// holds, so no other node takes it for one in doubt.
					record();
				}
				try (Correlation.Scope scope = Correlation.open(action.reference())) {
					if (leaseHolds(action, claimedUntil)) {
						this.started++;
						this.sent.add(action);
						this.endings.add(ending(action, "SENDING", Dispatcher.this.gateways.deliver(this.channel,
								action, () -> deliver(this.channel, action)), this.pacing));
					}
				}
			}
		}

		/**
		 * Whether the row's lease outlasts its request, renewed if it would not: a
		 * request started with less left could still be on its way when another node
		 * takes the row over and, finding nothing under its reference, sends it again. A
		 * channel that declares no bound on its requests has every row renewed to a full
		 * lease just before its send (each sent row's lease then runs from its send, so
		 * the batch need not be recorded first). The risk left: the whole process stalls
		 * between this check and the request leaving for longer than the margin (the
		 * channel's deadline stalls with it), so the request may still arrive after the
		 * lease ran out.
		 */
		private boolean leaseHolds(OutboxAction action, Instant claimedUntil) {
			if (this.bounded) {
				if (outlasts(claimedUntil)) {
					return true;
				}
				// What was sent is recorded first, while its lease (no longer than this
				// row's) still holds.
				record();
			}
			Instant renewed = leaseUntil();
			if (!Dispatcher.this.store.renew(action.id(), Dispatcher.this.node, renewed)) {
				// The lease ran out while earlier rows were sent: the row is another
				// node's now (in doubt, looked up before any send).
				log.warn("Outbox action {}: lease lost before its send, left to reconciliation", action.id());
				return false;
			}
			if (!outlasts(renewed)) {
				// Renewing took so long that the request could outlast even the new
				// lease.
				handBack(List.of(action), "its lease was too short to start the request");
				return false;
			}
			return true;
		}

		private boolean outlasts(Instant leaseUntil) {
			return !Dispatcher.this.store.now().plus(this.needed).isAfter(leaseUntil);
		}

		private void handBack(List<OutboxAction> rows, String why) {
			int handed = Dispatcher.this.store.handBack(Dispatcher.this.node, rows, why);
			if (handed > 0) {
				log.info("{} claimed actions of {} handed back unsent: {}", handed,
						String.join(",", new TreeSet<>(this.channel.kinds())), why);
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
