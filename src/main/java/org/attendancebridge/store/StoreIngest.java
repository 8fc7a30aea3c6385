package org.attendancebridge.store;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.attendancebridge.action.ActionPlanner;
import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.IngestTarget;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.StaffRoles;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rest of a poll, in one transaction: the school's feed is locked, pupils (with the
 * staff roles) and marks are stored, the watermark advances (never back) with the marks
 * it covers, the pupils whose marks changed are replayed through the school's policy, and
 * the actions due today go into the outbox. If anything fails nothing is kept, and the
 * next poll reads the same changes again.
 */
@Component
public class StoreIngest implements IngestTarget {

	private static final Logger log = LoggerFactory.getLogger(StoreIngest.class);

	/** The timer of each evaluation run, per school. */
	public static final String EVALUATION = "attendance_bridge.evaluation";

	private final TransactionTemplate transactions;

	private final SchoolStore schools;

	private final PupilStore pupils;

	private final MarkStore marks;

	private final StaffRoleStore staff;

	private final WatermarkStore watermarks;

	private final OutboxStore outbox;

	private final PolicyCatalog policies;

	private final StoredRoll roll;

	private final Clock clock;

	private final MeterRegistry meters;

	public StoreIngest(TransactionTemplate transactions, SchoolStore schools, PupilStore pupils, MarkStore marks,
			StaffRoleStore staff, WatermarkStore watermarks, OutboxStore outbox, PolicyCatalog policies,
			StoredRoll roll, Clock clock, ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.transactions = transactions;
		this.schools = schools;
		this.pupils = pupils;
		this.marks = marks;
		this.staff = staff;
		this.watermarks = watermarks;
		this.outbox = outbox;
		this.policies = policies;
		this.roll = roll;
		this.clock = clock;
	}

	@Override
	public Optional<String> watermark(String school, String feed) {
		return this.watermarks.get(school, feed);
	}

	@Override
	public boolean hasPupils(String school) {
		return this.pupils.hasPupils(school);
	}

	@Override
	public SyncReport ingest(ConnectorConfig school, MisRead read) {
		for (RejectedRecord rejected : read.rejected()) {
			// Internal ids and dates only: the report is safe to log.
			log.warn("Rejected: {}", rejected);
		}
		Policy policy = this.policies.find(school.policy())
			.orElseThrow(() -> new IllegalStateException(school.id() + ": no policy " + school.policy()));
		return this.transactions.execute((status) -> {
			this.schools.upsert(school);
			this.watermarks.lock(school.id(), read.feed());
			LocalDate today = this.clock.instant().atZone(school.timeZone()).toLocalDate();
			LocalDate yearStart = StoredRoll.yearStart(today, policy.settings().yearStart());
			int left = 0;
			if (read.pupils() != null) {
				// A pupil whose own record could not be read stays as last stored.
				Set<String> unreadablePupils = new HashSet<>();
				read.rejected()
					.stream()
					.filter(RejectedRecord::pupilRecord)
					.forEach((r) -> unreadablePupils.add(r.pupilId()));
				left = this.pupils.replaceAll(school.id(), read.pupils(), unreadablePupils, today);
				// Staff roles are refreshed with the pupils, from the MIS or the file.
				this.staff.replaceAll(school.id(), StaffRoles.resolve(school, read.staff()));
			}
			this.pupils.markReturned(school.id(), read.restoredPupils());
			left += this.pupils.markLeft(school.id(), read.deletedPupils(), today);
			Set<String> unreadable = new HashSet<>();
			read.rejected().forEach((r) -> unreadable.add(MarkStore.pupilDay(r.pupilId(), r.date())));
			MarkStore.Applied applied = this.marks.apply(school.id(), read.marks(), read.complete() ? yearStart : null,
					unreadable, this.pupils.offRoll(school.id()), "no longer in the MIS at the nightly reconciliation");
			this.watermarks.advance(school.id(), read.feed(), read.watermark());
			// Every pupil is replayed, not only those whose marks changed: a rule can
			// come
			// due with time alone (the first-day text at 09:30). A year of a school
			// replays
			// in milliseconds, and the dedupe keys keep anything from being proposed
			// twice.
			StoredRoll.Roll roll = this.roll.load(school.id(), yearStart, school.timeZone());
			Timer.Sample evaluation = Timer.start(this.meters);
			List<PlannedAction> due = ActionPlanner.plan(school.id(), school.timeZone(), policy, roll.calendar(),
					roll.pupils(), roll.registers(), roll.completions(), this.clock);
			evaluation.stop(Timer.builder(EVALUATION)
				.description("Replaying a school's roll through its policy after a poll")
				.tag("school", school.id())
				.register(this.meters));
			int proposed = this.outbox.propose(due, "PENDING");
			int evaluated = roll.pupils().size();
			this.schools.polled(school.id(), this.clock.instant());
			if (left > 0) {
				log.info("{}: {} pupils left the roll", school.id(), left);
			}
			int pupilCount = (read.pupils() == null) ? 0 : read.pupils().size();
			return new SyncReport(pupilCount, read.marks().size(),
					applied.inserted() + applied.updated() + applied.deleted(), read.rejected().size(), evaluated,
					proposed);
		});
	}

}
