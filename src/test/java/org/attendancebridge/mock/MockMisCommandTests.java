package org.attendancebridge.mock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MockMisCommandTests {

	@Test
	void readsPortSeedSpeedStartAndRoll() {
		MockMisOptions options = MockMisCommand.parse(
				List.of("--port", "0", "--seed", "9", "--speed", "60", "--start", "2024-11-12T08:00", "--roll", "15"));
		assertThat(options.seed()).isEqualTo(9);
		assertThat(options.speed()).isEqualTo(60);
		assertThat(options.start()).isEqualTo(java.time.Instant.parse("2024-11-12T08:00:00Z"));
		assertThat(options.schools()).allMatch(s -> s.roll() == 15).hasSize(5);
	}

	@Test
	void theJarKnowsTheSubcommand() {
		assertThat(org.attendancebridge.cli.Cli.handles("mock-mis")).isTrue();
	}

	@Test
	void badArgumentsExitTwoWithAReason() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = MockMisCommand.run(List.of("--port", "many"), new PrintStream(new ByteArrayOutputStream()),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a number");
		assertThat(MockMisCommand.run(List.of("--seed", "1"), System.out, new PrintStream(new ByteArrayOutputStream())))
			.isEqualTo(2);
	}

	@Test
	void printsWhereEverySchoolIsServed() {
		try (MockMis mock = MockMis.start(MockMisOptions.defaults().withRoll(5).withSpeed(0))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			MockMisCommand.describe(mock, new PrintStream(out, true, StandardCharsets.UTF_8));
			String text = out.toString(StandardCharsets.UTF_8);
			assertThat(text).contains(mock.baseUrl() + "/arbor/st-johns/rest-v2", mock.baseUrl() + "/sims/staged",
					mock.baseUrl() + "/classcharts/graduated", mock.baseUrl() + "/wonde/v1.0/schools/toolkit",
					mock.baseUrl() + "/arbor/prevention/rest-v2", "/__admin");
		}
	}

}
