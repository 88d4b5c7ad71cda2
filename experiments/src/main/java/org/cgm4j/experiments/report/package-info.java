/**
 * What a run leaves behind for people to read: the per-step loss history ({@link
 * org.cgm4j.experiments.report.HistoryWriter}), progress on the console ({@link
 * org.cgm4j.experiments.report.ProgressListener}), loss curves as PNG ({@link
 * org.cgm4j.experiments.report.LossCurvePlot}; sample grids are {@link org.cgm4j.api.io.ImageGrid}'s),
 * the final metrics ({@link org.cgm4j.experiments.report.MetricsFile}) and where the run came from
 * ({@link org.cgm4j.experiments.report.Provenance}).
 *
 * <p>Every file here is written whole to a temporary file beside its target and then moved into
 * place, so a reader (or a run killed mid-write) never sees half a file; {@code history.csv} is the
 * exception, appended and flushed row by row so a killed run keeps every row it logged.
 */
package org.cgm4j.experiments.report;
