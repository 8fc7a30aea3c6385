package org.attendancebridge.action.referral;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.referral.ReferralStore.ReferralRow;
import org.attendancebridge.web.NotFoundException;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The referral tray: the referral packs made for the user's schools, newest first (no PDF
 * bytes in the list), and each pack as a PDF for the attendance officer to send to the
 * local authority. Each download is recorded (user, school, referral), since it is a
 * child's record leaving the system.
 */
@RestController
@RequestMapping("/api/referrals")
@Tag(name = "referrals")
public class ReferralsApi {

	private static final Logger log = LoggerFactory.getLogger("org.attendancebridge.security");

	private final ScopedSchools schools;

	private final ReferralStore referrals;

	public ReferralsApi(ScopedSchools schools, ReferralStore referrals) {
		this.schools = schools;
		this.referrals = referrals;
	}

	@GetMapping
	@Operation(summary = "Referral packs of the user's schools, or of one, newest first")
	public List<ReferralRow> referrals(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school) {
		if (school != null) {
			this.schools.require(user, school);
		}
		return this.referrals.list(SchoolScope.of(user).schoolsOrNullForAll(), school);
	}

	@GetMapping("/{id}.pdf")
	@Operation(summary = "A referral pack as a PDF: the cover naming the rule, then the pupil's evidence pack")
	public ResponseEntity<byte[]> pdf(Authentication user, @PathVariable long id) {
		String school = this.referrals.school(id).orElseThrow(() -> new NotFoundException("no referral " + id));
		this.schools.requireRecord(user, school, "referral " + id);
		byte[] pdf = this.referrals.pdf(id).orElseThrow(() -> new NotFoundException("no referral " + id));
		log.info("Referral exported (PDF): user {}, school {}, referral {}", user.getName(), school, id);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("referral-" + school + "-" + id + ".pdf")
						.build()
						.toString())
			.body(pdf);
	}

}
