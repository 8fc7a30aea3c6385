package org.attendancebridge.connector;

/**
 * What one poll of a school did: counts only, never pupil data, so it can be logged.
 *
 * @param pupils pupils read
 * @param marksRead marks read from the MIS
 * @param marksChanged marks that were new or different
 * @param rejected records refused (unknown code, unknown pupil...), each reported
 * @param pupilsEvaluated pupils whose marks changed and were evaluated
 * @param actionsProposed new rows in the outbox
 */
public record SyncReport(int pupils, int marksRead, int marksChanged, int rejected, int pupilsEvaluated,
		int actionsProposed) {

	@Override
	public String toString() {
		return this.pupils + " pupils, " + this.marksRead + " marks read, " + this.marksChanged + " changed, "
				+ this.rejected + " rejected, " + this.pupilsEvaluated + " pupils evaluated, " + this.actionsProposed
				+ " actions proposed";
	}

}
