package org.attendancebridge.mock.school;

/**
 * The MIS kinds the mock imitates; {@link #path()} is the URL prefix each is served
 * under.
 */
public enum MisKind {

	ARBOR("arbor"), SIMS("sims"), CLASS_CHARTS("classcharts"), WONDE("wonde");

	private final String path;

	MisKind(String path) {
		this.path = path;
	}

	public String path() {
		return this.path;
	}

	public static MisKind ofPath(String path) {
		for (MisKind kind : values()) {
			if (kind.path.equals(path)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("unknown MIS '" + path + "'");
	}

}
