/**
 * Experiments, in packages that depend one way, lowest first: {@code config} (definitions resolved
 * from YAML and their parts), {@code report} (files and pictures a run or a sweep writes), {@code
 * run} (the runner and its run directories), {@code trained} (trained models opened from their run
 * directories), {@code bench} and {@code sweep} (benchmarks; planning, executing and summarising
 * sweeps), and {@code cli} (the {@code cgm4j} command line, which uses all of them and is used by
 * none).
 */
package org.cgm4j.experiments;
