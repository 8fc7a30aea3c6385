package org.attendancebridge.mock;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.fault.Faults;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.http.Responses;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.SchoolState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like;
import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A simulated MIS: its stub mappings (from {@code mock-mis/<system>/mappings/}) hand
 * every request to this transformer, which finds the school, applies any fault switched
 * on, and answers from the school's state.
 */
public abstract class MisSystem implements MockSystem, ResponseDefinitionTransformerV2 {

	private static final Logger log = LoggerFactory.getLogger(MisSystem.class);

	static final String MAINTENANCE_PAGE = """
			<!DOCTYPE html>
			<html><head><title>Down for maintenance</title></head>
			<body><h1>We'll be back soon</h1><p>Scheduled maintenance is in progress.</p></body></html>
			""";

	private final MisKind kind;

	private final Map<String, SchoolState> schools;

	private final Faults faults;

	protected MisSystem(MisKind kind, Map<String, SchoolState> schools, Faults faults) {
		this.kind = kind;
		this.schools = Map.copyOf(schools);
		this.faults = faults;
	}

	public MisKind kind() {
		return this.kind;
	}

	@Override
	public String prefix() {
		return "/" + this.kind.path();
	}

	@Override
	public String getName() {
		return this.kind.path();
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public List<Extension> extensions() {
		return List.of(this);
	}

	/** The names of this system's files under {@code mock-mis/<system>/mappings/}. */
	protected abstract List<String> mappingFiles();

	@Override
	public void register(WireMockServer server) {
		for (String file : mappingFiles()) {
			server.addStubMapping(StubMapping.buildFrom(MockFiles.read(this.kind.path() + "/mappings/" + file)));
		}
	}

	/** Where the school id sits among the path segments after the prefix. */
	protected int schoolSegment() {
		return 0;
	}

	protected Faults faults() {
		return this.faults;
	}

	protected Optional<FaultSwitch> fault(SchoolState school, FaultKind kind) {
		return this.faults.take(getName(), school.id(), kind);
	}

	private Optional<FaultSwitch> fault(SchoolState school, FaultKind kind, boolean write) {
		return this.faults.take(getName(), school.id(), kind, write);
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		MockRequest request = MockRequest.of(serveEvent.getRequest(), prefix());
		SchoolState school = this.schools.get(request.segment(schoolSegment()));
		if (school == null) {
			return notFound(request, "no such school");
		}
		boolean write = request.isPost() && !isSignIn(request);
		ResponseDefinition transport = transportFault(school, write);
		if (transport != null) {
			log.debug("{} {}: transport fault", getName(), school.id());
			return transport;
		}
		int delay = fault(school, FaultKind.SLOW, write).map(FaultSwitch::delayMillis).orElse(0);
		ResponseDefinition response;
		try {
			if (!isSignIn(request) && fault(school, FaultKind.TOKEN_EXPIRY).isPresent()) {
				expireCredentials(school);
				response = expired(request);
			}
			else {
				response = handle(school, request);
			}
		}
		catch (BadRequestException ex) {
			response = badRequest(request, ex.getMessage());
		}
		return delay > 0 ? like(response).withFixedDelay(delay).build() : response;
	}

	private ResponseDefinition transportFault(SchoolState school, boolean write) {
		if (fault(school, FaultKind.CONNECTION_RESET, write).isPresent()) {
			return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
		}
		Optional<FaultSwitch> limited = fault(school, FaultKind.RATE_LIMIT, write);
		if (limited.isPresent()) {
			int seconds = limited.get().retryAfterSeconds() > 0 ? limited.get().retryAfterSeconds() : 30;
			return responseDefinition().withStatus(429)
				.withHeader("Retry-After", String.valueOf(seconds))
				.withHeader("Content-Type", "application/json")
				.withBody(rateLimitBody())
				.build();
		}
		Optional<FaultSwitch> error = fault(school, FaultKind.SERVER_ERROR, write);
		if (error.isPresent()) {
			int status = error.get().status() >= 500 ? error.get().status() : 503;
			return Responses.text(status, "text/plain", "Server error");
		}
		if (fault(school, FaultKind.MAINTENANCE_PAGE, write).isPresent()) {
			return Responses.text(200, "text/html; charset=utf-8", MAINTENANCE_PAGE);
		}
		return null;
	}

	protected String rateLimitBody() {
		return "{\"error\":\"Too many requests\"}";
	}

	/** Whether the request is the sign-in itself, which a token expiry leaves alone. */
	protected boolean isSignIn(MockRequest request) {
		return false;
	}

	/** Forgets the school's tokens or sessions, so clients must sign in again. */
	protected void expireCredentials(SchoolState school) {
	}

	/** What the system answers a request whose token or session has expired. */
	protected abstract ResponseDefinition expired(MockRequest request);

	protected abstract ResponseDefinition handle(SchoolState school, MockRequest request);

	protected abstract ResponseDefinition notFound(MockRequest request, String message);

	protected abstract ResponseDefinition badRequest(MockRequest request, String message);

}
