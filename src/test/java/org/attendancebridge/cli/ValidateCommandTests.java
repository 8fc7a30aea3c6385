package org.attendancebridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate}: one line per file, every broken file named. */
class ValidateCommandTests {

	@TempDir
	Path folder;

	@Test
	void theShippedPoliciesAreValid() {
		SchoolFiles.Run run = SchoolFiles.Run.of("validate");
		assertThat(run.err()).isEmpty();
		assertThat(run.status()).isZero();
		assertThat(run.out()).contains("ok policies/st-johns-way.yaml: policy st-johns-way, 5 levels, 9 events",
				"ok policies/staged-approach.yaml", "ok policies/graduated-response.yaml",
				"ok policies/prevention-early-intervention.yaml", "ok policies/attendance-toolkit.yaml");
	}

	@Test
	void everyBrokenPolicyIsReportedWithItsFileAndLine() throws Exception {
		Path policies = this.folder.resolve("policies");
		BadInputTests.copyPolicies(policies,
				(text) -> text.replace("attendance: {below: 96}", "attendance: {below: 120}")
					.replace("noImprovement: {from: L2}", "noImprovement: {from: L9}"));
		SchoolFiles.Run run = SchoolFiles.Run.of("validate", "--policies", policies.toString());
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err().lines()).hasSize(2);
		assertThat(run.err()).contains("st-johns-way.yaml:", "120").contains("staged-approach.yaml:", "L9");
	}

	@Test
	void aConnectorFileThatIsNotYamlIsReported() throws Exception {
		Path connectors = Files.createDirectories(this.folder.resolve("connectors"));
		Files.writeString(connectors.resolve("school.yaml"), "mis: arbor\nbaseUrl: [unclosed\n");
		SchoolFiles.Run run = SchoolFiles.Run.of("validate", "--connectors", connectors.toString());
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.err()).contains("school.yaml:", "not valid YAML");
	}

	@Test
	void aMissingFolderIsNamed() {
		SchoolFiles.Run run = SchoolFiles.Run.of("validate", "--policies", "no-such-folder");
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.err()).contains("no-such-folder: no such policies folder");
	}

}
