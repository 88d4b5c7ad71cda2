/** The trainer: schedules of update steps, optimiser state, checkpoints and resume, the NaN guard. */
package org.cgm4j.api.train;
