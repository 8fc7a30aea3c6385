package org.attendancebridge.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files under {@code mock-mis/} (stub mappings, code tables). They are read from the
 * folder named by the {@code MOCK_MIS_DIR} environment variable or the
 * {@code mock-mis.dir} system property (default {@code mock-mis} in the working
 * directory), so a technician can edit them; when the folder is not there, the copy
 * packed in the jar is used, so the jar works from any directory.
 */
public final class MockFiles {

	private MockFiles() {
	}

	public static Path directory() {
		String configured = System.getProperty("mock-mis.dir", System.getenv("MOCK_MIS_DIR"));
		return Path.of(configured == null || configured.isBlank() ? "mock-mis" : configured);
	}

	/** The text of {@code relative} (e.g. {@code arbor/mappings/any-rest-v2.json}). */
	public static String read(String relative) {
		Path onDisk = directory().resolve(relative);
		try {
			if (Files.isRegularFile(onDisk)) {
				return Files.readString(onDisk, StandardCharsets.UTF_8);
			}
			try (InputStream in = MockFiles.class.getClassLoader().getResourceAsStream("mock-mis/" + relative)) {
				if (in == null) {
					throw new IllegalStateException(
							"mock-mis file " + relative + " is neither in " + directory() + " nor in the jar");
				}
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
