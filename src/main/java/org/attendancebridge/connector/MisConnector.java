package org.attendancebridge.connector;

/**
 * Reads one kind of MIS into the store. Each kind lives in its own package (client,
 * payload mapping, code mapping) and none imports another.
 */
public interface MisConnector {

	MisKind kind();

	/**
	 * Polls the school once; throws when the MIS cannot be read, so the poll is retried.
	 */
	SyncReport sync(ConnectorConfig school, SyncMode mode);

}
