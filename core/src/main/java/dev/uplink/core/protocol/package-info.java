/**
 * Formats that both the device and the service read: the onboarding file, collector endpoints,
 * geographies, id and secret formats, and the event envelope on the wire. Kept in one place so
 * that the sensor and the collector cannot drift apart (docs/behaviour.md#enrolment).
 */
package dev.uplink.core.protocol;
