package org.attendancebridge.connector.arbor;

import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.IngestTarget;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisConnector;
import org.attendancebridge.connector.MisConnectors;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.model.Pupil;

import org.springframework.stereotype.Component;

/**
 * Polls an Arbor school: around register times only the attendance changelog after the
 * stored revision; otherwise the pupils too; at night every record of the year, so
 * deletions and edits the changelog missed are caught.
 */
@Component
public class ArborConnector implements MisConnector {

	private final MisConnectors support;

	private final IngestTarget target;

	public ArborConnector(MisConnectors support, IngestTarget target) {
		this.support = support;
		this.target = target;
	}

	@Override
	public MisKind kind() {
		return MisKind.ARBOR;
	}

	@Override
	public SyncReport sync(ConnectorConfig school, SyncMode mode) {
		MisAuth auth = MisAuth.basic(this.support.secret(school, "username"), this.support.secret(school, "password"));
		ArborReader reader = new ArborReader(new ArborClient(this.support.http(school), auth, school.id()), school);
		boolean pupilsToo = mode != SyncMode.REGISTER || !this.target.hasPupils(school.id());
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = pupilsToo ? reader.pupils(rejected::add) : null;
		MisRead read;
		if (mode == SyncMode.NIGHTLY) {
			read = reader.everything(this.support.yearStart(school), pupils);
		}
		else {
			long revision = this.target.watermark(school.id(), ArborReader.FEED).map(Long::parseLong).orElse(0L);
			read = reader.changes(revision, pupils);
		}
		// Staff roles are read when the pupils are: they change as rarely.
		read = read.withRejected(rejected);
		return this.target.ingest(school, pupilsToo ? read.withStaff(reader.staff()) : read);
	}

}
