package org.attendancebridge.evidence;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.SchoolNotFoundException;
import org.attendancebridge.web.ScopedSchools;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A pupil's evidence pack, as a PDF to read or attach and as a CSV to work with. Each
 * export is recorded (user, school, internal pupil id), since it is a child's record
 * leaving the system.
 */
@RestController
@RequestMapping("/api/schools/{id}/pupils/{pupilId}")
@Tag(name = "evidence")
public class EvidenceApi {

	private static final Logger log = LoggerFactory.getLogger("org.attendancebridge.security");

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final ScopedSchools schools;

	private final EvidenceGatherer gatherer;

	public EvidenceApi(ScopedSchools schools, EvidenceGatherer gatherer) {
		this.schools = schools;
		this.gatherer = gatherer;
	}

	@GetMapping("/evidence.pdf")
	@Operation(summary = "The pupil's evidence pack as a PDF: register, corrections, levels, actions, "
			+ "their action log entries and the chain's check")
	public ResponseEntity<byte[]> pdf(Authentication user, @PathVariable String id, @PathVariable String pupilId) {
		PupilEvidence evidence = gather(user, id, pupilId, "PDF");
		return file(EvidencePdf.render(evidence), MediaType.APPLICATION_PDF, name(evidence, "pdf"));
	}

	@GetMapping("/evidence.csv")
	@Operation(summary = "The pupil's evidence pack as one CSV table, a row per fact")
	public ResponseEntity<byte[]> csv(Authentication user, @PathVariable String id, @PathVariable String pupilId) {
		PupilEvidence evidence = gather(user, id, pupilId, "CSV");
		return file(EvidenceCsv.write(evidence).getBytes(StandardCharsets.UTF_8), CSV, name(evidence, "csv"));
	}

	private PupilEvidence gather(Authentication user, String id, String pupilId, String form) {
		SchoolRow school = this.schools.require(user, id);
		PupilEvidence evidence = this.gatherer.gather(school, pupilId)
			.orElseThrow(() -> new SchoolNotFoundException(id, pupilId));
		log.info("Evidence exported ({}): user {}, school {}, pupil {}", form, user.getName(), id, pupilId);
		return evidence;
	}

	private static String name(PupilEvidence evidence, String extension) {
		return "evidence-" + evidence.pupil().school() + "-" + evidence.pupil().pupilId() + "." + extension;
	}

	private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String filename) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body(body);
	}

}
