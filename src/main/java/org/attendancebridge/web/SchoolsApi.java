package org.attendancebridge.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.store.SchoolStore.SchoolRow;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Schools, their pupils' standings and one pupil in full. */
@RestController
@RequestMapping("/api/schools")
@Tag(name = "schools")
public class SchoolsApi {

	private final ScopedSchools schools;

	private final SchoolReads reads;

	public SchoolsApi(ScopedSchools schools, SchoolReads reads) {
		this.schools = schools;
		this.reads = reads;
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

}
