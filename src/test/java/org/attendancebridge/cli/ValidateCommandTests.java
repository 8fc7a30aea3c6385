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
		// Two broken policies, and the two schools that run them.
		assertThat(run.err().lines()).hasSize(4);
		assertThat(run.err()).contains("st-johns-way.yaml:", "120")
			.contains("staged-approach.yaml:", "L9")
			.contains("connectors/st-johns.yaml: policy: no valid policy 'st-johns-way'")
			.contains("connectors/staged.yaml: policy: no valid policy 'staged-approach'");
	}

	@Test
	void theDemoConnectorsAreValidAndUnsetCredentialsAreNamed() {
		SchoolFiles.Run run = SchoolFiles.Run.of("validate");
		assertThat(run.out()).contains("ok connectors/st-johns.yaml: arbor school st-johns, policy st-johns-way")
			.contains("ok connectors/staged.yaml: sims school staged, policy staged-approach")
			.containsPattern(
					"connectors/toolkit.yaml: wonde school toolkit, policy attendance-toolkit(\\n| \\(warning: (credential variables not set: WONDE_TOOLKIT_TOKEN)?(; )?(staff alerts go by email, but not set: [A-Z_, ]+)?\\))");
		if (System.getenv("SPRING_MAIL_HOST") == null) {
			assertThat(run.out()).contains("school toolkit, policy attendance-toolkit (warning: ")
				.contains("staff alerts go by email, but not set: SPRING_MAIL_HOST");
		}
	}

	@Test
	void aConnectorWithAPrivateAddressIsRefused() throws Exception {
		Path connectors = Files.createDirectories(this.folder.resolve("connectors"));
		Files.writeString(connectors.resolve("school.yaml"), """
				id: school
				name: School
				mis: wonde
				baseUrl: "https://169.254.169.254/v1.0/schools/1"
				credentials: {token: WONDE_TOKEN}
				policy: st-johns-way
				""");
		SchoolFiles.Run run = SchoolFiles.Run.of("validate", "--connectors", connectors.toString());
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err())
			.contains("school.yaml:4: baseUrl: '169.254.169.254' is a private, loopback or link-local address");
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
