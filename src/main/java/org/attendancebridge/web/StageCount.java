package org.attendancebridge.web;

/**
 * How many pupils are at a stage now.
 *
 * @param stage a level id of the school's policy, or {@code none}
 * @param rag the level's colour (see {@link SchoolReads#stageRags}); null for none
 */
public record StageCount(String stage, String rag, long pupils) {
}
