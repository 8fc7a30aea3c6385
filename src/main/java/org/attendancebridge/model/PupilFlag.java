package org.attendancebridge.model;

/** Cohort flags that policies add actions for. */
public enum PupilFlag {

	/** Special educational needs and disabilities. */
	SEND,
	/** Eligible for pupil premium (disadvantaged). */
	PUPIL_PREMIUM,
	/** Vulnerable: child in need, child protection, looked after. */
	VULNERABLE,
	/** English as an additional language. */
	EAL

}
