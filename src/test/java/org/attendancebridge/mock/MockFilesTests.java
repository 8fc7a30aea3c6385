package org.attendancebridge.mock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockFilesTests {

	@TempDir
	Path dir;

	@AfterEach
	void reset() {
		System.clearProperty("mock-mis.dir");
	}

	@Test
	void aFileOnDiskWinsOverThePackedCopy() throws IOException {
		Files.createDirectories(this.dir.resolve("sims"));
		Files.writeString(this.dir.resolve("sims/attendance-codes.xml"), "<edited/>");
		System.setProperty("mock-mis.dir", this.dir.toString());
		assertThat(MockFiles.read("sims/attendance-codes.xml")).isEqualTo("<edited/>");
	}

	@Test
	void withoutTheFolderThePackedCopyIsUsed() {
		System.setProperty("mock-mis.dir", this.dir.resolve("missing").toString());
		assertThat(MockFiles.read("arbor/mappings/any-rest-v2.json")).contains("\"transformers\": [\"arbor\"]");
		assertThat(MockFiles.read("sims/attendance-codes.xml")).contains("<AttenanceCodes>");
	}

	@Test
	void aFileInNeitherPlaceIsNamedInTheError() {
		System.setProperty("mock-mis.dir", this.dir.toString());
		assertThatThrownBy(() -> MockFiles.read("nowhere/file.json")).hasMessageContaining("nowhere/file.json");
	}

}
