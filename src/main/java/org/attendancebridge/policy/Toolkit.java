package org.attendancebridge.policy;

/**
 * The action-log toolkit of seed 003, reported for every pupil whatever the ladder: a RAG
 * rating, the "Red 10" lowest attenders per year group, at-risk flags and perfect weeks.
 *
 * @param greenAtLeast attendance % from which a pupil is green
 * @param redAtMost attendance % at or below which a pupil is red (persistent absence)
 * @param red10Size how many of the lowest attenders per year group make the list
 * @param atRiskOfPaAtMost attendance % at or below which a pupil not yet persistently
 * absent is at risk of it
 */
public record Toolkit(double greenAtLeast, double redAtMost, int red10Size, double atRiskOfPaAtMost) {

	public static final Toolkit DEFAULTS = new Toolkit(97.0, 90.0, 10, 92.0);

}
