/**
 * Where the adapter may connect: a school's MIS, CPOMS and the SMS gateway are reached
 * over the internet, so an address in a private, loopback or link-local range (a cloud's
 * metadata service among them) is refused when the connection is made, whatever the host
 * name resolved to when the settings were read. A local mock is allowed by the same
 * switch that lets its address pass when the settings are read.
 */
package org.attendancebridge.network;
