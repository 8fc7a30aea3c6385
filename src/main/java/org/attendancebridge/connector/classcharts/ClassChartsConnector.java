package org.attendancebridge.connector.classcharts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.IngestTarget;
import org.attendancebridge.connector.MisConnector;
import org.attendancebridge.connector.MisConnectors;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;

import org.springframework.stereotype.Component;

/**
 * Polls a Class Charts school: pupils, then each pupil's attendance over the last days
 * (the whole year on the first poll and at night). Pupils are read on every poll, since
 * attendance is read per pupil.
 */
@Component
public class ClassChartsConnector implements MisConnector {

	private final MisConnectors support;

	private final IngestTarget target;

	public ClassChartsConnector(MisConnectors support, IngestTarget target) {
		this.support = support;
		this.target = target;
	}

	@Override
	public MisKind kind() {
		return MisKind.CLASSCHARTS;
	}

	@Override
	public SyncReport sync(ConnectorConfig school, SyncMode mode) {
		ClassChartsSession session = new ClassChartsSession(this.support.http(school), school.id(),
				this.support.secret(school, "username"), this.support.secret(school, "password"));
		ClassChartsReader reader = new ClassChartsReader(session, school);
		List<RejectedRecord> rejected = new ArrayList<>();
		ClassChartsReader.Roll roll = reader.roll(rejected::add);
		LocalDate today = this.support.today(school);
		// The first poll of a school, like the nightly one, reads the whole year.
		boolean whole = mode == SyncMode.NIGHTLY
				|| this.target.watermark(school.id(), ClassChartsReader.FEED).isEmpty();
		LocalDate from = whole ? this.support.yearStart(school) : today.minusDays(ClassChartsReader.LOOK_BACK_DAYS);
		return this.target.ingest(school, reader.marks(roll, from, today, whole).withRejected(rejected));
	}

}
