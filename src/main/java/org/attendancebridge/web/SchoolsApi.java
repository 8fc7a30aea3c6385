package org.attendancebridge.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.evaluator.AbsenceWeeks;
import org.attendancebridge.store.SchoolStore.SchoolRow;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Schools, their pupils' standings and one pupil in full; a school's pupils by stage,
 * this week's stage movements, the Red 10 of each year group and its persistent and
 * severe absence week by week.
 */
@RestController
@RequestMapping("/api/schools")
@Tag(name = "schools")
public class SchoolsApi {

	private final ScopedSchools schools;

	private static final Set<String> DIRECTIONS = Set.of("up", "down");

	private final SchoolReads reads;

	private final SchoolOverviews overviews;

	public SchoolsApi(ScopedSchools schools, SchoolReads reads, SchoolOverviews overviews) {
		this.schools = schools;
		this.reads = reads;
		this.overviews = overviews;
	}

	@GetMapping
	@Operation(summary = "The schools the user may see, with their sizes and last poll")
	public List<SchoolRow> schools(Authentication user) {
		return this.schools.visible(user);
	}

	@GetMapping("/{id}/pupils")
	@Operation(summary = "The school's pupils with their stage and attendance now")
	public List<PupilStanding> pupils(Authentication user, @PathVariable String id,
			@Parameter(description = "only this year group") @RequestParam(required = false) String yearGroup,
			@Parameter(description = "only this stage (a level id of the school's policy, or none)") @RequestParam(
					required = false) String stage) {
		SchoolRow school = this.schools.require(user, id);
		return this.reads.standings(school)
			.stream()
			.filter((p) -> yearGroup == null || yearGroup.equals(p.yearGroup()))
			.filter((p) -> stage == null || (stage.equals("none") ? p.stage() == null : stage.equals(p.stage())))
			.toList();
	}

	@GetMapping("/{id}/pupils/{pupilId}")
	@Operation(summary = "One pupil: figures, stage and its history this year, the register and every action")
	public PupilDetail pupil(Authentication user, @PathVariable String id, @PathVariable String pupilId) {
		SchoolRow school = this.schools.require(user, id);
		return this.reads.pupil(school, pupilId).orElseThrow(() -> new SchoolNotFoundException(id, pupilId));
	}

	@GetMapping("/{id}/stages")
	@Operation(summary = "How many pupils are at each stage now, the policy's ladder lowest first, then none, "
			+ "with each level's RAG colour")
	public List<StageCount> stages(Authentication user, @PathVariable String id) {
		return this.overviews.of(this.schools.require(user, id)).stages();
	}

	@GetMapping("/{id}/movements")
	@Operation(summary = "Each change of stage since Monday of this school week (the school's time zone), "
			+ "in date order, paged with the total in X-Total-Count")
	public ResponseEntity<List<StageMovement>> movements(Authentication user, @PathVariable String id,
			@Parameter(description = "only this year group") @RequestParam(required = false) String yearGroup,
			@Parameter(description = "only up (to a higher level) or down") @RequestParam(
					required = false) String direction,
			@Parameter(description = "the page, from 0") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "movements per page, at most 500") @RequestParam(defaultValue = "50") int size) {
		SchoolRow school = this.schools.require(user, id);
		if (direction != null && !DIRECTIONS.contains(direction)) {
			throw new IllegalArgumentException("direction: '" + direction + "' is neither up nor down");
		}
		List<StageMovement> movements = this.overviews.of(school)
			.movements()
			.stream()
			.filter((m) -> yearGroup == null || yearGroup.equals(m.yearGroup()))
			.filter((m) -> direction == null || direction.equals(m.direction()))
			.toList();
		return ListPage.of(movements, page, size);
	}

	@GetMapping("/{id}/red10")
	@Operation(summary = "The Red 10 of each year group: its lowest attenders this school year who are not green, "
			+ "once they have had the policy's minimum of sessions; year groups in order, lowest first, "
			+ "paged with the total in X-Total-Count")
	public ResponseEntity<List<Red10Entry>> red10(Authentication user, @PathVariable String id,
			@Parameter(description = "only this year group") @RequestParam(required = false) String yearGroup,
			@Parameter(description = "the page, from 0") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "pupils per page, at most 500") @RequestParam(defaultValue = "50") int size) {
		SchoolRow school = this.schools.require(user, id);
		List<Red10Entry> red10 = this.overviews.of(school)
			.red10()
			.stream()
			.filter((r) -> yearGroup == null || yearGroup.equals(r.yearGroup()))
			.toList();
		return ListPage.of(red10, page, size);
	}

	@GetMapping("/{id}/absence-history")
	@Operation(summary = "Persistent (10% or more of possible sessions missed) and severe (50% or more) absence "
			+ "counted at the end of each school week this school year, oldest first; the last is now")
	public List<AbsenceWeeks.Week> absenceHistory(Authentication user, @PathVariable String id,
			@Parameter(description = "only the last so many school weeks (the current one included)") @RequestParam(
					required = false) Integer weeks) {
		SchoolRow school = this.schools.require(user, id);
		if (weeks != null && weeks < 1) {
			throw new IllegalArgumentException("weeks must be 1 or more");
		}
		List<AbsenceWeeks.Week> all = this.overviews.of(school).absence();
		return (weeks == null) ? all : all.subList(Math.max(0, all.size() - weeks), all.size());
	}

}
