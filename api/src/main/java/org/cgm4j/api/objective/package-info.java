/**
 * Objectives: named loss terms, their weighted sums, update steps (objective, trainable variables,
 * optimiser) and the schedules that say which step runs when.
 */
package org.cgm4j.api.objective;
