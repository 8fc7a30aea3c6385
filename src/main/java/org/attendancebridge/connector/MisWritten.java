package org.attendancebridge.connector;

/**
 * What a write left in the MIS.
 *
 * @param misId the MIS's id for the note, records or write-back (null when nothing had to
 * be written)
 * @param detail what was done, for the action log: ids and codes, never a name
 */
public record MisWritten(String misId, String detail) {

}
