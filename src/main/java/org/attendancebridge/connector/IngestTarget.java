package org.attendancebridge.connector;

import java.util.Optional;

/**
 * Where a connector's reads go: the store, which keeps each feed's watermark and takes in
 * a read (pupils, marks, the watermark, then the actions the changes make due) in one
 * transaction. Connectors only read the MIS; this is the rest of a poll.
 */
public interface IngestTarget {

	/** The feed's watermark, if it has been read before. */
	Optional<String> watermark(String school, String feed);

	/** Whether the school's pupils have been read at all. */
	boolean hasPupils(String school);

	SyncReport ingest(ConnectorConfig school, MisRead read);

}
