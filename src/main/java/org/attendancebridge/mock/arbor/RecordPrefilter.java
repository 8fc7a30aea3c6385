package org.attendancebridge.mock.arbor;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.school.RegisterMark;

/**
 * A cheap first cut of attendance records by student and date, taken from the
 * {@code filters.*} parameters before any record is rendered: a school has over a hundred
 * thousand marks a term. It only ever lets through a superset (dates get a day's margin
 * for GMT); {@link ArborQuery} then applies the exact filters.
 */
final class RecordPrefilter {

	private RecordPrefilter() {
	}

	static Predicate<RegisterMark> of(MockRequest request) {
		Predicate<RegisterMark> filter = m -> true;
		Set<Integer> students = new HashSet<>();
		for (String value : values(request, "filters.student.equals")) {
			students.add(idOf(value));
		}
		for (String value : values(request, "filters.student.in")) {
			Arrays.stream(value.split(",")).map(String::trim).map(RecordPrefilter::idOf).forEach(students::add);
		}
		// An id it cannot read leaves the student cut to the exact filter.
		if (!students.isEmpty() && !students.contains(-1)) {
			filter = filter.and(m -> students.contains(m.pupilId()));
		}
		for (String op : List.of("from", "after")) {
			for (String value : values(request, "filters.startDatetime." + op)) {
				LocalDate from = date(value);
				if (from != null) {
					LocalDate bound = from.minusDays(1);
					filter = filter.and(m -> !m.date().isBefore(bound));
				}
			}
		}
		for (String op : List.of("to", "before")) {
			for (String value : values(request, "filters.startDatetime." + op)) {
				LocalDate to = date(value);
				if (to != null) {
					LocalDate bound = to.plusDays(1);
					filter = filter.and(m -> !m.date().isAfter(bound));
				}
			}
		}
		return filter;
	}

	private static List<String> values(MockRequest request, String name) {
		return request.query().getOrDefault(name, List.of());
	}

	/**
	 * The id in {@code 12} or {@code /rest-v2/students/12}; -1 lets everything through.
	 */
	private static int idOf(String value) {
		String id = value.substring(value.lastIndexOf('/') + 1);
		try {
			return Integer.parseInt(id);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static LocalDate date(String value) {
		try {
			return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
