package org.attendancebridge.store;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each school's register as last stored, in memory, so that a poll replays the roll
 * without reading a year of marks back from the database: in the morning burst that read
 * cost more than storing the new marks and evaluating the whole roll.
 * <p>
 * A register is kept with the school's {@code register_version}, which every transaction
 * that changes the school's marks raises by one, on any node. A kept register is used
 * only while its version is the stored one; a poll that changed the marks carries the
 * register it had forward by its own changes when it knew the version before them, and
 * otherwise the register is read from the database again. What a transaction builds is
 * seen by that transaction at once and by others only once it commits, so a rolled-back
 * poll leaves nothing behind. Registers handed out are shared: nobody may change them.
 */
@Component
class RegisterCache {

	/** A school's register from {@code from} on, as it was at {@code version}. */
	record Kept(long version, LocalDate from, MarkStore.Register register) {
	}

	private final Map<String, Kept> committed = new ConcurrentHashMap<>();

	/** The school's register from {@code from} at {@code version}, if kept. */
	MarkStore.Register find(String school, LocalDate from, long version) {
		Kept kept = latest(school);
		return (kept != null && kept.version() == version && kept.from().equals(from)) ? kept.register() : null;
	}

	/**
	 * Keeps a register: for this transaction now, for everyone once it commits (an older
	 * version never replaces a newer one).
	 */
	void keep(String school, Kept kept) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			publish(school, kept);
			return;
		}
		Object key = pendingKey(school);
		if (TransactionSynchronizationManager.hasResource(key)) {
			TransactionSynchronizationManager.unbindResource(key);
		}
		else {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Kept last = (Kept) TransactionSynchronizationManager.getResource(key);
					if (last != null) {
						publish(school, last);
					}
				}

				@Override
				public void afterCompletion(int status) {
					if (TransactionSynchronizationManager.hasResource(key)) {
						TransactionSynchronizationManager.unbindResource(key);
					}
				}
			});
		}
		TransactionSynchronizationManager.bindResource(key, kept);
	}

	/**
	 * After a transaction raised the school's version to {@code version} by storing
	 * {@code changed} (new and corrected marks, none deleted): the register kept at the
	 * version before, carried forward, kept at the new one. Nothing is kept when the
	 * version before is not the one kept: the next read goes to the database.
	 */
	void carryForward(String school, long version, List<Mark> changed) {
		Kept before = latest(school);
		if (before == null || before.version() != version - 1) {
			return;
		}
		keep(school, new Kept(version, before.from(), withMarks(before.register(), before.from(), changed)));
	}

	private Kept latest(String school) {
		Object pending = TransactionSynchronizationManager.getResource(pendingKey(school));
		return (pending != null) ? (Kept) pending : this.committed.get(school);
	}

	private void publish(String school, Kept kept) {
		if (kept.register() == null) {
			return;
		}
		this.committed.merge(school, kept, (old, fresh) -> (fresh.version() >= old.version()) ? fresh : old);
	}

	private Object pendingKey(String school) {
		return List.of(this, school);
	}

	/**
	 * The register with the marks stored over it: the days they bring are added to the
	 * calendar, and only the pupils they touch are copied (the rest are shared).
	 */
	static MarkStore.Register withMarks(MarkStore.Register base, LocalDate from, List<Mark> marks) {
		SchoolCalendar calendar = base.calendar();
		TreeSet<LocalDate> newDays = new TreeSet<>();
		for (Mark mark : marks) {
			if (!mark.date().isBefore(from) && calendar.indexOf(mark.date()) < 0) {
				newDays.add(mark.date());
			}
		}
		Map<String, PupilRegister> registers = new HashMap<>(base.byPupil());
		Set<String> copied = new HashSet<>();
		if (!newDays.isEmpty()) {
			for (int day = 0; day < base.calendar().size(); day++) {
				newDays.add(base.calendar().day(day));
			}
			calendar = SchoolCalendar.of(newDays);
			for (Map.Entry<String, PupilRegister> entry : registers.entrySet()) {
				entry.setValue(entry.getValue().copyOnto(base.calendar(), calendar));
				copied.add(entry.getKey());
			}
		}
		for (Mark mark : marks) {
			if (mark.date().isBefore(from)) {
				continue;
			}
			PupilRegister register = registers.get(mark.pupilId());
			if (register == null) {
				register = new PupilRegister(calendar.size());
				copied.add(mark.pupilId());
			}
			else if (copied.add(mark.pupilId())) {
				register = register.copyOnto(calendar, calendar);
			}
			registers.put(mark.pupilId(), register);
			// As the register is read back from the database: the stored symbol on its
			// date.
			register.put(calendar.indexOf(mark.date()), mark.session(), DfeCode.of(mark.code().symbol(), mark.date()));
		}
		return new MarkStore.Register(calendar, Collections.unmodifiableMap(registers));
	}

}
