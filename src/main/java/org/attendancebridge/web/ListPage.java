package org.attendancebridge.web;

import java.util.List;

import org.springframework.http.ResponseEntity;

/**
 * One page of a list worked out in memory, answered as the paged endpoints answer: the
 * page as a JSON array, the total in {@code X-Total-Count}.
 */
final class ListPage {

	static final int MAX_SIZE = 500;

	private ListPage() {
	}

	static <T> ResponseEntity<List<T>> of(List<T> all, int page, int size) {
		if (page < 0 || size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_SIZE);
		}
		long from = Math.min((long) page * size, all.size());
		List<T> rows = all.subList((int) from, (int) Math.min(from + size, all.size()));
		return ResponseEntity.ok().header("X-Total-Count", String.valueOf(all.size())).body(List.copyOf(rows));
	}

}
