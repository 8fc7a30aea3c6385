package org.attendancebridge.mock;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

/** One simulated external system served by the mock MIS, under its own path prefix. */
public interface MockSystem {

	/** The path prefix it is served under, e.g. {@code /notify}. */
	String prefix();

	/** The WireMock extensions it needs (transformers, listeners). */
	List<Extension> extensions();

	/** Adds its stubs once the server is up (and starts any server of its own). */
	void register(WireMockServer server);

	/** Stops any server of its own, with the mock. */
	default void shutDown() {
	}

}
