package org.attendancebridge.mock;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.attendancebridge.mock.school.MisKind;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class MockMisTests {

	private final MockHttp http = new MockHttp();

	/** A stand-in for a system another module adds, such as the SMS gateway. */
	private static final class EchoSystem implements MockSystem {

		@Override
		public String prefix() {
			return "/echo";
		}

		@Override
		public List<Extension> extensions() {
			return List.of();
		}

		@Override
		public void register(WireMockServer server) {
			server.stubFor(get(urlPathEqualTo("/echo/ping")).willReturn(okJson("{\"pong\":true}")));
		}

	}

	@Test
	void servesEverySystemItIsGivenBesideTheMis() {
		try (MockMis mock = MockMis.start(MockMisOptions.defaults().withRoll(5).with(new EchoSystem()))) {
			assertThat(this.http.get(mock.baseUrl() + "/echo/ping").json().get("pong").asBoolean()).isTrue();
			assertThat(this.http.get(mock.baseUrl() + "/__mock/schools").json().get("schools")).hasSize(5);
		}
	}

	@Test
	void picksAFreePortAndGivesEachSchoolItsBaseUrl() {
		try (MockMis mock = MockMis.start(MockMisOptions.defaults().withRoll(5))) {
			assertThat(mock.port()).isPositive();
			String root = "http://127.0.0.1:" + mock.port();
			assertThat(mock.baseUrl("st-johns")).isEqualTo(root + "/arbor/st-johns/rest-v2");
			assertThat(mock.baseUrl("staged")).isEqualTo(root + "/sims/staged");
			assertThat(mock.baseUrl("graduated")).isEqualTo(root + "/classcharts/graduated");
			assertThat(mock.baseUrl("toolkit")).isEqualTo(root + "/wonde/v1.0/schools/toolkit");
			assertThat(mock.baseUrl(MisKind.ARBOR, "prevention")).isEqualTo(root + "/arbor/prevention/rest-v2");
			assertThat(mock.schools()).extracting(s -> s.spec().mis())
				.containsExactly(MisKind.ARBOR, MisKind.SIMS, MisKind.CLASS_CHARTS, MisKind.WONDE, MisKind.ARBOR);
		}
	}

	@Test
	void requestJournalRecordsWhatClientsSent() {
		try (MockMis mock = MockMis.start(MockMisOptions.defaults().withRoll(5))) {
			this.http.post(mock.baseUrl("graduated") + "/login", "email=a&password=b");
			assertThat(mock.server().getAllServeEvents())
				.anyMatch(e -> e.getRequest().getUrl().equals("/classcharts/graduated/login"));
		}
	}

	@Test
	void fullSizeSchoolsHaveTheirRealisticRolls() {
		try (MockMis mock = MockMis.start(MockMisOptions.defaults().withSpeed(0))) {
			assertThat(mock.schools()).extracting(s -> s.pupils().size()).containsExactly(1200, 900, 400, 600, 350);
			assertThat(mock.school("graduated").pupils()).extracting(p -> p.yearGroup())
				.contains("R", "6")
				.doesNotContain("7");
		}
	}

}
