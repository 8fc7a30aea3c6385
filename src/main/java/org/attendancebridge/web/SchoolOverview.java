package org.attendancebridge.web;

import java.time.LocalDate;
import java.util.List;

import org.attendancebridge.evaluator.AbsenceWeeks;

/**
 * What a school's page shows above its pupils, from one replay of its stored year.
 *
 * @param today the clock's date in the school's time zone
 * @param weekOf the Monday of this school week: stage movements count from it
 * @param standings every pupil with marks this year
 * @param stages pupils by stage, the ladder's order then none
 * @param movements each change of stage this week, in date order
 * @param red10 each year group's Red 10, year groups in order, lowest attender first
 * @param absence persistent and severe absence at the end of each school week this year,
 * oldest first, the last one now
 */
public record SchoolOverview(LocalDate today, LocalDate weekOf, List<PupilStanding> standings, List<StageCount> stages,
		List<StageMovement> movements, List<Red10Entry> red10, List<AbsenceWeeks.Week> absence) {
}
