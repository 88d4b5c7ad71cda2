/** Seeded, checkpointable random streams: the only source of randomness in training. */
package org.cgm4j.api.rng;
