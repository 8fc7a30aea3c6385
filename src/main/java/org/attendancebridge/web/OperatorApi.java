package org.attendancebridge.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.store.OutboxStore.DeliveryRow;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The approval queue, the dead letters and the actions in doubt, and an operator's moves
 * on them. Each move answers the action as it now stands; a move the action is not in the
 * state for is a 409, an action outside the user's schools a 404.
 */
@RestController
@Tag(name = "operator")
public class OperatorApi {

	private final OperatorDesk desk;

	public OperatorApi(OperatorDesk desk) {
		this.desk = desk;
	}

	@GetMapping("/api/approvals")
	@Operation(summary = "Actions held PROPOSED for an operator's approval, newest first (dry-run ones are not)")
	public List<DeliveryRow> approvals(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school) {
		return this.desk.approvals(user, school);
	}

	@GetMapping("/api/dead-letters")
	@Operation(summary = "FAILED actions an operator may replay, newest first (rejected ones are final)")
	public List<DeliveryRow> deadLetters(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school) {
		return this.desk.deadLetters(user, school);
	}

	@PostMapping("/api/actions/{id}/approve")
	@Operation(summary = "Approve an action held for approval: PENDING, the dispatcher sends it")
	public DeliveryRow approve(Authentication user, @PathVariable long id) {
		return this.desk.approve(user, id);
	}

	@PostMapping("/api/actions/{id}/reject")
	@Operation(summary = "Reject an action held for approval: FAILED (rejected), never sent nor replayed")
	public DeliveryRow reject(Authentication user, @PathVariable long id,
			@Parameter(description = "why, for the action log") @RequestParam(required = false) String reason) {
		return this.desk.reject(user, id, reason);
	}

	@PostMapping("/api/actions/{id}/replay")
	@Operation(summary = "Replay a dead letter: IN_DOUBT with its attempts reset, so the provider is asked first")
	public DeliveryRow replay(Authentication user, @PathVariable long id) {
		return this.desk.replay(user, id);
	}

	@GetMapping("/api/in-doubt")
	@Operation(summary = "Letters, letters' MIS documents, CPOMS concerns and staff alerts left IN_DOUBT, for a person "
			+ "to check, newest first")
	public List<DeliveryRow> inDoubt(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school) {
		return this.desk.inDoubt(user, school);
	}

	/** What the person found: {@code sent} (it arrived) or {@code not-sent}. */
	public record Resolution(@Schema(allowableValues = {
			"sent", "not-sent" }) String outcome){
	}

	@PostMapping("/api/actions/{id}/resolve")
	@Operation(summary = "Resolve an action in doubt: \"sent\" (checked that it arrived) ends it SENT, "
			+ "\"not-sent\" queues it to send again (what is found at the other end by its reference, or an email "
			+ "the SMTP server took, is not sent twice); logged with the user's name. Not IN_DOUBT: 409")
	public DeliveryRow resolve(Authentication user, @PathVariable long id, @RequestBody Resolution resolution) {
		String outcome = (resolution == null) ? null : resolution.outcome();
		return this.desk.resolve(user, id, OperatorDesk.Outcome.of(outcome));
	}

}
