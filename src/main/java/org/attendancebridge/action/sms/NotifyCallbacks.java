package org.attendancebridge.action.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where Notify posts delivery receipts ({@code POST /callbacks/notify}), authenticated by
 * the bearer token set on the service's callback ({@code NOTIFY_CALLBACK_TOKEN}); served
 * while the SMS channel is on. A receipt for no text of ours is answered 200 all the
 * same, so the gateway does not keep retrying it; it is logged instead. A receipt for a
 * text whose send has not been settled yet (its answer still on the way, or lost) is
 * answered 409, so the gateway posts it again later.
 */
@RestController
@Tag(name = "callbacks")
@ConditionalOnExpression("!'${attendance-bridge.sms.api-key:}'.isBlank()")
public class NotifyCallbacks {

	private final DeliveryReceipts receipts;

	private final byte[] expected;

	public NotifyCallbacks(DeliveryReceipts receipts, SmsProperties settings) {
		this.receipts = receipts;
		this.expected = settings.callbackToken().isBlank() ? null
				: ("Bearer " + settings.callbackToken()).getBytes(StandardCharsets.UTF_8);
	}

	@PostMapping("/callbacks/notify")
	@Operation(summary = "A delivery receipt from the SMS gateway")
	public ResponseEntity<Map<String, Object>> receipt(
			@RequestHeader(value = "Authorization", required = false) String authorization,
			@RequestBody(required = false) JsonNode body) {
		if (this.expected == null) {
			return answer(HttpStatus.NOT_FOUND, "delivery receipts are off: NOTIFY_CALLBACK_TOKEN is not set");
		}
		if (authorization == null
				|| !MessageDigest.isEqual(this.expected, authorization.getBytes(StandardCharsets.UTF_8))) {
			return answer(HttpStatus.UNAUTHORIZED, "a receipt needs the callback's bearer token");
		}
		for (String field : List.of("id", "reference", "status")) {
			if (body == null || !body.path(field).isTextual()) {
				return answer(HttpStatus.BAD_REQUEST, "a receipt needs the text field '" + field + "'");
			}
		}
		DeliveryReceipts.Outcome outcome = this.receipts.record(body.get("id").asText(), body.get("reference").asText(),
				body.get("status").asText(),
				body.path("completed_at").isTextual() ? body.get("completed_at").asText() : null);
		HttpStatus status = (outcome == DeliveryReceipts.Outcome.NOT_SETTLED) ? HttpStatus.CONFLICT : HttpStatus.OK;
		return answer(status, outcome.name().toLowerCase().replace('_', ' '));
	}

	private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("message", message);
		return ResponseEntity.status(status).body(body);
	}

}
