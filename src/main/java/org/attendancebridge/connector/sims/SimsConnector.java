package org.attendancebridge.connector.sims;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.IngestTarget;
import org.attendancebridge.connector.MisConnector;
import org.attendancebridge.connector.MisConnectors;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.SyncMode;
import org.attendancebridge.connector.SyncReport;
import org.attendancebridge.model.Pupil;

import org.springframework.stereotype.Component;

/**
 * Polls a SIMS school: the first time, at night, and whenever the stored watermark is
 * older than SIMS's change feed reaches, every record of the year in 90-day windows;
 * otherwise what {@code SIMS.Changes} reports since the watermark. The pupils are read on
 * the first poll and outside register times.
 */
@Component
public class SimsConnector implements MisConnector {

	private final MisConnectors support;

	private final IngestTarget target;

	private final Clock clock;

	public SimsConnector(MisConnectors support, IngestTarget target, Clock clock) {
		this.support = support;
		this.target = target;
		this.clock = clock;
	}

	@Override
	public MisKind kind() {
		return MisKind.SIMS;
	}

	@Override
	public SyncReport sync(ConnectorConfig school, SyncMode mode) {
		MisHttp http = this.support.http(school);
		SimsToken token = new SimsToken(http, school.id(), this.support.secret(school, "clientId"),
				this.support.secret(school, "clientSecret"), this.support.secret(school, "subscriptionKey"),
				this.clock);
		SimsReader reader = new SimsReader(new SimsClient(http, token, school, null), school);
		boolean pupilsToo = mode != SyncMode.REGISTER || !this.target.hasPupils(school.id());
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = pupilsToo ? reader.pupils(rejected::add) : null;
		Instant now = this.clock.instant();
		Optional<Instant> watermark = this.target.watermark(school.id(), SimsReader.FEED)
			.map((stored) -> SimsReader.parseWatermark(school.id(), stored));
		MisRead read;
		if (mode == SyncMode.NIGHTLY || watermark.isEmpty() || !SimsReader.changesReach(watermark.get(), now)) {
			read = reader.everything(this.support.yearStart(school), this.support.today(school), now, pupils);
		}
		else {
			read = reader.changes(watermark.get(), this.support.yearStart(school), this.support.today(school), pupils);
		}
		return this.target.ingest(school, read.withRejected(rejected));
	}

}
