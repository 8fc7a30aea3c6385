package org.attendancebridge.connector;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.ProcessorEndpoint;
import net.jqwik.api.statistics.Statistics;

import org.attendancebridge.model.Contact;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A MIS whose answers were recorded from the mock MIS once and are then played back, one
 * of them changed, without a network: what the payload fuzz properties read from. Reached
 * through Camel like the real thing ({@code replay://mis/} as the base URL), so the whole
 * reader runs: paging, error bodies, mapping. A request that was never recorded answers
 * 404.
 */
public final class ReplayedMis implements AutoCloseable {

	/** One recorded exchange: what was asked, and what the mock answered. */
	public record Exchanged(String method, String path, String query, MisHttp.Response response) {

		String key() {
			return key(this.method, this.path, this.query);
		}

		static String key(String method, String path, String query) {
			return method + " " + path + "?" + ((query == null) ? "" : query);
		}

	}

	private static final ObjectMapper JSON = new ObjectMapper();

	/** What a rejection says a field of the wrong type held. */
	private static final String[] WRONG_TYPES = { "is text, not a whole number",
			"is a decimal number, not a whole number", "is a boolean, not a whole number", "is text, not a boolean",
			"is a whole number, not a boolean", "is a decimal number, not a boolean" };

	private final CamelContext camel;

	private final Map<String, Exchanged> recorded = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile MisHttp recordFrom;

	private volatile String mockBase;

	private volatile Map<String, String> changed = Map.of();

	public ReplayedMis() {
		this.camel = new DefaultCamelContext();
		this.camel.addComponent("replay", new DefaultComponent() {
			@Override
			protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
				// The http component's options are meaningless here.
				parameters.clear();
				return new ProcessorEndpoint(uri, this, ReplayedMis.this::answer);
			}
		});
		this.camel.start();
	}

	/** A school's settings, its base URL this replay. */
	public static ConnectorConfig config(String school, MisKind mis) {
		return new ConnectorConfig(school, school, mis, URI.create("replay://mis/"), Map.of(), "policy",
				ZoneId.of("Europe/London"), PollSchedule.DEFAULTS, Map.of(), Map.of(), true, true,
				Path.of(school + ".yaml"));
	}

	/** HTTP to the replay: quick retries, no waiting. */
	public MisHttp http(ConnectorConfig config) {
		return new MisHttp(this.camel.createProducerTemplate(), config,
				new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)), (d) -> {
				});
	}

	/**
	 * Records what the reads ask of a mock school, its address in bodies (continuation
	 * links) rewritten to the replay's.
	 */
	public void record(MockConnections connections, ConnectorConfig mockSchool, Runnable reads) {
		this.recordFrom = connections.http(mockSchool);
		String base = mockSchool.baseUrl().toString();
		this.mockBase = base.endsWith("/") ? base : base + "/";
		try {
			reads.run();
		}
		finally {
			this.recordFrom = null;
		}
	}

	/** What was recorded, in the order first asked. */
	public List<Exchanged> recorded() {
		synchronized (this.recorded) {
			return new ArrayList<>(this.recorded.values());
		}
	}

	/**
	 * Runs reads with one recorded answer's body replaced: where the reads ask for it,
	 * they get {@code body} instead.
	 */
	public <T> T withBody(Exchanged which, String body, Callable<T> reads) throws Exception {
		this.changed = Map.of(which.key(), body);
		try {
			return reads.call();
		}
		finally {
			this.changed = Map.of();
		}
	}

	private void answer(Exchange exchange) {
		Message in = exchange.getIn();
		String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
		String path = in.getHeader(Exchange.HTTP_PATH, String.class);
		String query = in.getHeader(Exchange.HTTP_QUERY, String.class);
		String key = Exchanged.key(method, path, query);
		MisHttp recording = this.recordFrom;
		MisHttp.Response response;
		if (recording != null) {
			Map<String, String> headers = new LinkedHashMap<>();
			in.getHeaders().forEach((name, value) -> {
				if (!name.startsWith("Camel") && !name.equalsIgnoreCase("Accept")
						&& !name.equalsIgnoreCase("Content-Type")) {
					headers.put(name, String.valueOf(value));
				}
			});
			response = recording.send(method, path, query, in.getBody(String.class),
					in.getHeader(Exchange.CONTENT_TYPE, String.class), MisAuth.fixed(headers));
			response = new MisHttp.Response(response.status(), response.body().replace(this.mockBase, "replay://mis/"),
					response.contentType(), null);
			this.recorded.putIfAbsent(key, new Exchanged(method, path, query, response));
		}
		else {
			Exchanged exchanged = this.recorded.get(key);
			response = (exchanged == null) ? new MisHttp.Response(404, "{}", "application/json", null)
					: exchanged.response();
			String body = this.changed.get(key);
			if (body != null) {
				response = new MisHttp.Response(response.status(), body, response.contentType(), null);
			}
		}
		Message out = exchange.getMessage();
		out.getHeaders().clear();
		out.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
		if (response.contentType() != null) {
			out.setHeader(Exchange.CONTENT_TYPE, response.contentType());
		}
		out.setBody(response.body());
	}

	/**
	 * Changes one recorded answer and runs the reads on it: they come back, or fail with
	 * one of the project's own exceptions naming the school (counted in the statistics).
	 */
	@SafeVarargs
	public final void anyAnswerChanged(String school, PayloadMutation mutation, Callable<?> reads,
			Class<? extends RuntimeException>... refusals) {
		Exchanged answer = mutation.pick(recorded());
		String body = mutation.apply(answer.response().body());
		Statistics.collect(readOrRefused(school, () -> withBody(answer, body, reads), refusals));
	}

	/**
	 * Changes one record of a list answer and reads again: the read comes back; of the
	 * marks read before, at most {@code perRecord} are missing, and then only because the
	 * changed record landed changed or was reported.
	 */
	public void oneRecordChanged(String school, Exchanged answer, String listKey, PayloadMutation mutation,
			Callable<MisRead> reads, MisRead before, int perRecord) {
		String body = mutation.applyInRecord(answer.response().body(), listKey);
		MisRead read = read(school, () -> withBody(answer, body, reads));
		List<Mark> lost = new ArrayList<>(before.marks());
		lost.removeAll(read.marks());
		assertThat(lost).as("marks lost").hasSizeLessThanOrEqualTo(perRecord);
		if (!lost.isEmpty()) {
			assertThat(read.marks().size() + read.rejected().size())
				.isGreaterThanOrEqualTo(before.marks().size() + before.rejected().size() - (perRecord - 1));
		}
	}

	/**
	 * Sets one field of one recorded answer to a value of the wrong type (a number sent
	 * as text, with a fraction, as a boolean) and reads again: the record that holds it
	 * is rejected, naming the school and the field, and every other mark still lands.
	 * @param pointer the field, as a JSON pointer into the answer
	 * @param perRecord how many marks the record carries
	 * @return the rejection's reason, for the caller to check where it says the record
	 * stood
	 */
	public String wrongTypedField(String school, Exchanged answer, String pointer, JsonNode value,
			Callable<MisRead> reads, MisRead before, int perRecord) throws Exception {
		JsonPointer field = JsonPointer.compile(pointer);
		String body = withField(answer, field, value);
		MisRead read = read(school, () -> withBody(answer, body, reads));
		List<Mark> lost = new ArrayList<>(before.marks());
		lost.removeAll(read.marks());
		assertThat(lost).as("marks lost with " + value).hasSizeBetween(1, perRecord);
		assertThat(read.marks()).hasSize(before.marks().size() - lost.size());
		List<RejectedRecord> added = new ArrayList<>(read.rejected());
		added.removeAll(before.rejected());
		assertThat(added).as("rejected with " + value).hasSize(1);
		RejectedRecord rejected = added.get(0);
		assertThat(rejected.school()).isEqualTo(school);
		assertThat(rejected.reason()).contains("'" + field.last().getMatchingProperty() + "' is ")
			.containsAnyOf(WRONG_TYPES);
		return rejected.reason();
	}

	/** Pupils as read, and what was reported of their contacts. */
	public record PupilsRead(List<Pupil> pupils, List<RejectedRecord> rejected) {

		/** One pupil's contact, or an assertion error. */
		public Contact contact(String pupilId, String contactId) {
			return this.pupils.stream()
				.filter((p) -> p.id().equals(pupilId))
				.flatMap((p) -> p.contacts().stream())
				.filter((c) -> c.id().equals(contactId))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no contact " + contactId + " of pupil " + pupilId));
		}

	}

	/** Reads pupils, keeping what the reader reports of their contacts. */
	public static PupilsRead pupils(Function<Consumer<RejectedRecord>, List<Pupil>> read) {
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Pupil> pupils = read.apply(rejected::add);
		return new PupilsRead(pupils, rejected);
	}

	/**
	 * Sets one contact's field in a recorded answer to a value of the wrong type and
	 * reads the pupils again: every pupil arrives with every contact and number as
	 * before, and one rejection names the school, the pupil, the contact and the field,
	 * never the contact's number or email.
	 * @return the pupils as read, for the caller to check the contact
	 */
	public PupilsRead wrongTypedContactField(String school, Exchanged answer, String pointer, JsonNode value,
			Function<Consumer<RejectedRecord>, List<Pupil>> reads, String pupilId, String contactId) throws Exception {
		PupilsRead before = pupils(reads);
		assertThat(before.rejected()).isEmpty();
		JsonPointer field = JsonPointer.compile(pointer);
		String body = withField(answer, field, value);
		PupilsRead read = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> withBody(answer, body, () -> pupils(reads)));
		assertThat(read.pupils()).extracting(Pupil::id)
			.containsExactlyElementsOf(before.pupils().stream().map(Pupil::id).toList());
		for (int i = 0; i < before.pupils().size(); i++) {
			assertThat(read.pupils().get(i).contacts()).extracting(Contact::id, Contact::phone)
				.as("contacts of %s with %s", before.pupils().get(i).id(), value)
				.containsExactlyInAnyOrderElementsOf(before.pupils()
					.get(i)
					.contacts()
					.stream()
					.map((c) -> org.assertj.core.groups.Tuple.tuple(c.id(), c.phone()))
					.toList());
		}
		assertThat(read.rejected()).as("rejected with " + value).hasSize(1);
		RejectedRecord rejected = read.rejected().get(0);
		assertThat(rejected.school()).isEqualTo(school);
		assertThat(rejected.pupilId()).isEqualTo(pupilId);
		Contact contact = before.contact(pupilId, contactId);
		assertThat(rejected.reason()).startsWith("contact " + contactId + ": ")
			.contains("'" + field.last().getMatchingProperty() + "' is ")
			.containsAnyOf(WRONG_TYPES)
			.doesNotContain(String.valueOf(contact.phone()), String.valueOf(contact.email()));
		assertThat(rejected.pupilRecord()).as("the contact alone is rejected").isFalse();
		return read;
	}

	/**
	 * Sets a contact's consent to texts, then their parental responsibility, to each
	 * value of the wrong type (see {@link #wrongTypedContactField}): the contact, who may
	 * be texted and holds parental responsibility as sent, is kept not to be texted, then
	 * without parental responsibility, the other field read as sent, and the rejection
	 * says what was made of it.
	 * @param consent the consent field, as a JSON pointer into the answer
	 * @param responsibility the parental responsibility field, likewise
	 */
	public void wrongTypedContactFlags(String school, Exchanged answer, String consent, String responsibility,
			Function<Consumer<RejectedRecord>, List<Pupil>> reads, String pupilId, String contactId) throws Exception {
		assertThat(pupils(reads).contact(pupilId, contactId))
			.extracting(Contact::maySms, Contact::parentalResponsibility)
			.containsExactly(true, true);
		for (JsonNode wrong : wrongTypedBooleans()) {
			PupilsRead read = wrongTypedContactField(school, answer, consent, wrong, reads, pupilId, contactId);
			assertThat(read.contact(pupilId, contactId)).extracting(Contact::maySms, Contact::parentalResponsibility)
				.as("with " + wrong)
				.containsExactly(false, true);
			assertThat(read.rejected().get(0).reason()).endsWith("; the contact is kept, not to be texted");
			read = wrongTypedContactField(school, answer, responsibility, wrong, reads, pupilId, contactId);
			assertThat(read.contact(pupilId, contactId)).extracting(Contact::maySms, Contact::parentalResponsibility)
				.as("with " + wrong)
				.containsExactly(true, false);
			assertThat(read.rejected().get(0).reason())
				.endsWith("; the contact is kept, without parental responsibility");
		}
	}

	/**
	 * Sets one field of a pupil's own record (a flag, a home language) in a recorded
	 * answer to a value of the wrong type and reads the pupils again: that pupil alone is
	 * left out, to stay as last stored, and reported as a rejected pupil record naming
	 * the school, the field and where it stood, never the value; every other pupil
	 * arrives exactly as before.
	 * @return the rejection's reason, for the caller to check where it says the record
	 * stood
	 */
	public String wrongTypedPupilField(String school, Exchanged answer, String pointer, JsonNode value,
			Function<Consumer<RejectedRecord>, List<Pupil>> reads, String pupilId) throws Exception {
		PupilsRead before = pupils(reads);
		assertThat(before.rejected()).isEmpty();
		assertThat(before.pupils()).extracting(Pupil::id).contains(pupilId);
		JsonPointer field = JsonPointer.compile(pointer);
		String body = withField(answer, field, value);
		PupilsRead read = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> withBody(answer, body, () -> pupils(reads)));
		assertThat(read.pupils()).as("pupils read with " + value)
			.containsExactlyElementsOf(before.pupils().stream().filter((p) -> !p.id().equals(pupilId)).toList());
		assertThat(read.rejected()).as("rejected with " + value).hasSize(1);
		RejectedRecord rejected = read.rejected().get(0);
		assertThat(rejected.school()).isEqualTo(school);
		assertThat(rejected.pupilId()).isEqualTo(pupilId);
		assertThat(rejected.pupilRecord()).isTrue();
		assertThat(rejected.reason()).contains("'" + field.last().getMatchingProperty() + "' is ")
			.containsAnyOf(WRONG_TYPES)
			.endsWith("; the pupil stays as last stored");
		if (value.isTextual()) {
			assertThat(rejected.reason()).doesNotContain(value.asText());
		}
		return rejected.reason();
	}

	/** A recorded answer's body with one field set to {@code value}. */
	private static String withField(Exchanged answer, JsonPointer field, JsonNode value) throws Exception {
		JsonNode tree = JSON.readTree(answer.response().body());
		((ObjectNode) tree.at(field.head())).set(field.last().getMatchingProperty(), value);
		return tree.toString();
	}

	/** What the wrong-typed field tests put where a whole number belongs. */
	public static List<JsonNode> wrongTypedNumbers() {
		return List.of(JsonNodeFactory.instance.textNode("12"), JsonNodeFactory.instance.numberNode(12.7),
				JsonNodeFactory.instance.booleanNode(true));
	}

	/**
	 * What the wrong-typed flag tests put where a boolean belongs: {@code true} as text,
	 * as a number, and a word Jackson would read as false.
	 */
	public static List<JsonNode> wrongTypedBooleans() {
		return List.of(JsonNodeFactory.instance.textNode("true"), JsonNodeFactory.instance.numberNode(1),
				JsonNodeFactory.instance.textNode("yes"));
	}

	/**
	 * Runs a read that must either come back or fail with one of the project's own
	 * exceptions naming the school, within a hang guard: "read" or "refused".
	 */
	@SafeVarargs
	public static String readOrRefused(String school, Callable<?> read, Class<? extends RuntimeException>... refusals) {
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			try {
				checked(school, read.call());
				return "read";
			}
			catch (RuntimeException ex) {
				boolean ours = ex instanceof MisHttpException
						|| List.of(refusals).stream().anyMatch((kind) -> kind.isInstance(ex));
				if (!ours) {
					throw new AssertionError("not a clear refusal: " + ex, ex);
				}
				assertThat(ex.getMessage()).startsWith(school + ":");
				return "refused";
			}
		});
	}

	/** Runs a read that must come back, within a hang guard. */
	public static MisRead read(String school, Callable<MisRead> read) {
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> (MisRead) checked(school, read.call()));
	}

	/** Rejected records name the school and a reason. */
	private static Object checked(String school, Object result) {
		if (result instanceof Iterable<?> results) {
			results.forEach((each) -> checked(school, each));
		}
		List<RejectedRecord> rejections = (result instanceof MisRead misRead) ? misRead.rejected()
				: (result instanceof PupilsRead pupilsRead) ? pupilsRead.rejected() : List.of();
		assertThat(rejections).allSatisfy((rejected) -> {
			assertThat(rejected.school()).isEqualTo(school);
			assertThat(rejected.reason()).isNotBlank();
		});
		return result;
	}

	@Override
	public void close() {
		this.camel.stop();
	}

}
