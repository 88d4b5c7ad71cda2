/**
 * The conditional VAE of Sohn, Lee and Yan (NeurIPS 2015) and its deterministic baseline network,
 * with the shared network builder ({@link org.cgm4j.models.cvae.CvaeGraph}) and model base class
 * ({@link org.cgm4j.models.cvae.AbstractCvaeModel}) on which the GSNN and the hybrid objective
 * build.
 */
package org.cgm4j.models.cvae;
