package org.attendancebridge.action.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets a dispatch test act at the moment a text goes to the gateway, after every check
 * the dispatcher makes: hold each sender there, as a slow network would, until the test
 * lets it go, or run a step such as moving the school's clock on (a node that stalls
 * mid-batch). The real SMS channel then sends the text. Imported by a test, it wraps the
 * SMS channel bean and its pacing, and the MIS note channel (steps only), a channel that
 * declares no request timeout.
 */
public class TextGate implements BeanPostProcessor {

	/** Longest a held sender waits: a test that forgets to let go still ends. */
	private static final Duration MOST = Duration.ofSeconds(60);

	private static final Consumer<OutboxAction> NOTHING = (action) -> {
	};

	private volatile Consumer<OutboxAction> step = NOTHING;

	private volatile Consumer<OutboxAction> noteStep = NOTHING;

	private volatile boolean holding;

	/** Senders held at their first text, in the order they came. */
	private final Map<Thread, CountDownLatch> held = new LinkedHashMap<>();

	private final Set<Thread> seen = new HashSet<>();

	/** Senders in the order they first asked for permits. */
	private final List<Thread> asked = new ArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String name) {
		if (bean instanceof Channel channel && channel.kinds().contains("sms")) {
			return new Gated(channel, true);
		}
		if (bean instanceof Channel channel && channel.kinds().contains("mis-note")) {
			return new Gated(channel, false);
		}
		if (bean instanceof ChannelPacing pacing && pacing.kinds().contains("sms")) {
			return new GatedPacing(pacing);
		}
		return bean;
	}

	/** Lets every sender through and forgets the step. */
	synchronized void reset() {
		this.holding = false;
		this.step = NOTHING;
		this.noteStep = NOTHING;
		this.held.values().forEach(CountDownLatch::countDown);
		this.held.clear();
		this.seen.clear();
		this.asked.clear();
		notifyAll();
	}

	/** Runs {@code step} just before each text goes to the gateway. */
	void beforeEachText(Consumer<OutboxAction> step) {
		this.step = step;
	}

	/** Runs {@code step} just before each MIS note goes to the MIS. */
	void beforeEachMisNote(Consumer<OutboxAction> step) {
		this.noteStep = step;
	}

	/** Holds each sender at its first text, until {@link #release}. */
	void holdEachSender() {
		this.holding = true;
	}

	/** The senders held now, in the order they came. */
	synchronized List<Thread> held() {
		return new ArrayList<>(this.held.keySet());
	}

	/** Lets the sender go on, with this text and all its next ones. */
	synchronized void release(Thread sender) {
		Optional.ofNullable(this.held.get(sender)).ifPresent(CountDownLatch::countDown);
	}

	private void before(OutboxAction action) {
		CountDownLatch latch = null;
		if (this.holding) {
			synchronized (this) {
				if (this.seen.add(Thread.currentThread())) {
					latch = new CountDownLatch(1);
					this.held.put(Thread.currentThread(), latch);
					notifyAll();
				}
			}
		}
		if (latch != null) {
			awaitAsASocketWould(latch);
		}
		this.step.accept(action);
	}

	/**
	 * While senders are held: each takes its permits once the senders before it are held
	 * at their first text, their claims committed, so that none finds the rows locked by
	 * another's claim in progress (H2 then skips every row, not only those) and each
	 * holds a batch of its own.
	 */
	private synchronized void beforePermits() {
		if (!this.holding) {
			return;
		}
		if (!this.asked.contains(Thread.currentThread())) {
			this.asked.add(Thread.currentThread());
		}
		int before = this.asked.indexOf(Thread.currentThread());
		long deadline = System.nanoTime() + MOST.toNanos();
		boolean interrupted = false;
		while (this.holding && this.held.size() < before && System.nanoTime() < deadline) {
			try {
				wait(100);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits as a request on the wire does: an interrupt does not end it. */
	private static void awaitAsASocketWould(CountDownLatch latch) {
		boolean interrupted = false;
		long deadline = System.nanoTime() + MOST.toNanos();
		try {
			while (latch.getCount() > 0 && System.nanoTime() < deadline) {
				try {
					latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The channel's pacing, senders lined up for their permits while held. */
	private final class GatedPacing implements ChannelPacing {

		private final ChannelPacing pacing;

		GatedPacing(ChannelPacing pacing) {
			this.pacing = pacing;
		}

		@Override
		public Set<String> kinds() {
			return this.pacing.kinds();
		}

		@Override
		public Permits permits(int wanted) {
			beforePermits();
			return this.pacing.permits(wanted);
		}

		@Override
		public Instant pausedUntil() {
			return this.pacing.pausedUntil();
		}

		@Override
		public Optional<Instant> notBefore(OutboxAction action, Instant now) {
			return this.pacing.notBefore(action, now);
		}

		@Override
		public Set<String> schoolsToHold(Map<String, Integer> dueBySchool) {
			return this.pacing.schoolsToHold(dueBySchool);
		}

		@Override
		public List<String> halted() {
			return this.pacing.halted();
		}

	}

	/** The channel, with the gate in front of each delivery. */
	private final class Gated implements Channel {

		private final Channel channel;

		private final boolean texts;

		Gated(Channel channel, boolean texts) {
			this.channel = channel;
			this.texts = texts;
		}

		@Override
		public Set<String> kinds() {
			return this.channel.kinds();
		}

		@Override
		public Delivery deliver(OutboxAction action) {
			if (this.texts) {
				before(action);
			}
			else {
				TextGate.this.noteStep.accept(action);
			}
			return this.channel.deliver(action);
		}

		@Override
		public Duration requestTimeout() {
			return this.channel.requestTimeout();
		}

		@Override
		public Optional<Gateway> gateway() {
			return this.channel.gateway();
		}

		@Override
		public Optional<Delivery> find(OutboxAction action) {
			return this.channel.find(action);
		}

	}

}
