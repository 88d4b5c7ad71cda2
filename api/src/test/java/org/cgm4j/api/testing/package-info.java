/**
 * Test support shipped in the api test-jar: the plugin contract every model's tests extend, the
 * finite-difference gradient check, and synthetic images.
 */
package org.cgm4j.api.testing;
