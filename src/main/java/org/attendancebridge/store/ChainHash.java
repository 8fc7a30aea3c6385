package org.attendancebridge.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hash of an action log entry: SHA-256 over the previous entry's hash and a canonical
 * encoding of the entry. Each field is written with its name and length
 * ({@code name:5:value;}, {@code name:-;} for none), so no two different entries encode
 * alike and the encoding does not depend on the database, the driver or the JVM's
 * defaults.
 */
final class ChainHash {

	/** The "previous hash" of a chain's first entry. */
	static final String GENESIS = "0".repeat(64);

	private static final String VERSION = "action-log-v1";

	private static final ObjectMapper JSON = new ObjectMapper();

	private ChainHash() {
	}

	static String of(String previousHash, long seq, LogEntry entry) {
		StringBuilder text = new StringBuilder(VERSION).append('\n');
		field(text, "prev", previousHash);
		field(text, "chain", entry.chain());
		field(text, "seq", Long.toString(seq));
		field(text, "outbox", Long.toString(entry.outboxId()));
		field(text, "at", entry.at().toString());
		field(text, "state", entry.state());
		field(text, "actor", entry.actor());
		field(text, "rule", entry.rule());
		field(text, "policy", entry.policy());
		field(text, "version", (entry.policyVersion() == null) ? null : entry.policyVersion().toString());
		field(text, "kind", entry.kind());
		field(text, "provider", entry.providerId());
		field(text, "detail", entry.detail());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("this JVM has no SHA-256", ex);
		}
	}

	private static void field(StringBuilder text, String name, String value) {
		text.append(name).append(':');
		if (value == null) {
			text.append('-');
		}
		else {
			text.append(value.length()).append(':').append(value);
		}
		text.append(";\n");
	}

	/** The policy version in an outbox row's payload (the planned action as JSON). */
	static Integer policyVersion(String payload) {
		if (payload == null) {
			return null;
		}
		try {
			JsonNode version = JSON.readTree(payload).get("policyVersion");
			return (version == null || !version.canConvertToInt()) ? null : version.asInt();
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

}
