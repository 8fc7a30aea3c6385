package org.attendancebridge.connector.wonde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Polls a school through Wonde: session marks updated after the watermark, the pupils on
 * the first poll and outside register times, the pupils deleted (who leave the roll), and
 * at night every mark of the year.
 */
@Component
public class WondeConnector implements MisConnector {

	private final MisConnectors support;

	private final IngestTarget target;

	public WondeConnector(MisConnectors support, IngestTarget target) {
		this.support = support;
		this.target = target;
	}

	@Override
	public MisKind kind() {
		return MisKind.WONDE;
	}

	@Override
	public SyncReport sync(ConnectorConfig school, SyncMode mode) {
		MisAuth auth = MisAuth.bearer(this.support.secret(school, "token"));
		WondeReader reader = new WondeReader(new WondeClient(this.support.http(school), auth, school.id()), school);
		boolean pupilsToo = mode != SyncMode.REGISTER || !this.target.hasPupils(school.id());
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = pupilsToo ? reader.pupils(rejected::add) : null;
		// Deletions are read on every poll: a pupil deleted in Wonde leaves the roll
		// without waiting for the next full read of the pupils.
		Map<String, Boolean> deletions = reader.deletedPupils();
		List<String> deleted = deletions.entrySet()
			.stream()
			.filter(Map.Entry::getValue)
			.map(Map.Entry::getKey)
			.toList();
		List<String> restored = deletions.entrySet()
			.stream()
			.filter((e) -> !e.getValue())
			.map(Map.Entry::getKey)
			.toList();
		if (mode == SyncMode.NIGHTLY) {
			return this.target.ingest(school,
					reader.changes(null, pupils, true).withDeletions(deleted, restored).withRejected(rejected));
		}
		String watermark = this.target.watermark(school.id(), WondeReader.FEED).orElse(null);
		MisRead read = reader.changes(watermark, pupils, watermark == null);
		return this.target.ingest(school, read.withDeletions(deleted, restored).withRejected(rejected));
	}

}
