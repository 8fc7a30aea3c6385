package org.attendancebridge.mock;

import java.time.Clock;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.attendancebridge.mock.cpoms.CpomsMock;
import org.attendancebridge.mock.notify.NotifyConfig;
import org.attendancebridge.mock.notify.NotifyMock;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Both systems on one server, as the hosting server runs them. */
class MockSystemsTogetherTests {

	@Test
	void bothSystemsServeUnderTheirOwnPrefixOnOneServer() throws Exception {
		List<MockSystem> systems = List.of(
				new NotifyMock(NotifyConfig.of("demo-service", "demo-secret"), Clock::systemUTC),
				new CpomsMock("demo-token", Clock::systemUTC));
		Extension[] extensions = systems.stream()
			.flatMap(system -> system.extensions().stream())
			.toArray(Extension[]::new);
		WireMockServer server = new WireMockServer(options().dynamicPort().extensions(extensions));
		server.start();
		try {
			systems.forEach(system -> system.register(server));
			assertThat(systems).extracting(MockSystem::prefix).containsExactly("/notify", "/cpoms");
			HttpCalls http = new HttpCalls("http://127.0.0.1:" + server.port());
			assertThat(http.get("/cpoms/api/v1/categories", "Token demo-token").status()).isEqualTo(200);
			assertThat(http.get("/notify/v2/notifications", null).status()).isEqualTo(401);
			// Neither system's stubs displaced the other's: together they are as many as
			// each
			// registers on a server of its own.
			assertThat(server.getStubMappings())
				.hasSize(systems.stream().mapToInt((system) -> alone(system, extensions)).sum());
		}
		finally {
			server.stop();
		}
	}

	private static int alone(MockSystem system, Extension[] extensions) {
		WireMockServer server = new WireMockServer(options().dynamicPort().extensions(extensions));
		server.start();
		try {
			system.register(server);
			assertThat(server.getStubMappings()).isNotEmpty();
			return server.getStubMappings().size();
		}
		finally {
			server.stop();
		}
	}

}
