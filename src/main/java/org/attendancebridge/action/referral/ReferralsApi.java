package org.attendancebridge.action.referral;

import java.time.Clock;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.attendancebridge.action.referral.ReferralStore.ReferralRow;
import org.attendancebridge.web.ConflictException;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The referral tray: the referral packs made for the user's schools, newest first (no PDF
 * bytes in the list), sent or not; each pack as a PDF for the attendance officer to send
 * to the local authority; and marking one sent, once, with the user and the time, into
 * the school's action log chain. Each download is recorded (user, school, referral),
 * since it is a child's record leaving the system.
 */
@RestController
@RequestMapping("/api/referrals")
@Tag(name = "referrals")
public class ReferralsApi {

	private static final Logger log = LoggerFactory.getLogger("org.attendancebridge.security");

	private final ScopedSchools schools;

	private final ReferralStore referrals;

	private final Clock clock;

	public ReferralsApi(ScopedSchools schools, ReferralStore referrals, Clock clock) {
		this.schools = schools;
		this.referrals = referrals;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "Referral packs of the user's schools, or of one, newest first, each sent or unsent")
	public List<ReferralRow> referrals(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school,
			@Parameter(description = "sent or unsent; both when absent") @RequestParam(required = false) String state) {
		if (school != null) {
			this.schools.require(user, school);
		}
		if (state != null && !state.equals("sent") && !state.equals("unsent")) {
			throw new IllegalArgumentException("state: no state '" + state + "' (states: sent, unsent)");
		}
		return this.referrals.list(SchoolScope.of(user).schoolsOrNullForAll(), school,
				(state == null) ? null : state.equals("sent"));
	}

	@PostMapping("/{id}/sent")
	@Operation(summary = "Marks a referral pack sent to the local authority, by the user, now; "
			+ "a pack already marked sent is a 409")
	public ReferralRow sent(Authentication user, @PathVariable long id) {
		ReferralRow referral = this.referrals.get(id).orElseThrow(() -> new NotFoundException("no referral " + id));
		this.schools.requireRecord(user, referral.school(), "referral " + id);
		if (referral.sent()) {
			throw alreadySent(referral);
		}
		return this.referrals.markSent(id, user.getName(), this.clock.instant())
			.orElseThrow(() -> alreadySent(this.referrals.get(id).orElseThrow()));
	}

	private static ConflictException alreadySent(ReferralRow referral) {
		return new ConflictException("referral " + referral.id() + " was already marked sent at " + referral.sentAt()
				+ " by " + referral.sentBy());
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
