package org.attendancebridge;

public class AttendanceBridge {

	public static void main(String[] args) {
	}

}
