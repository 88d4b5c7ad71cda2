/**
 * The trainer: schedules of update steps, optimiser state, checkpoints and resume, the NaN guard;
 * and the fast path its steps take: gradient functions compiled into plans of native op calls
 * ({@code GradientPlan}), Adam on the Java heap ({@code HeapAdam}), and memory recycled from step
 * to step ({@link org.cgm4j.api.train.StepMemory}); and the same plans for a model's evaluation
 * outputs ({@link org.cgm4j.api.train.CompiledOutputs}).
 */
package org.cgm4j.api.train;
