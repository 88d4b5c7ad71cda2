/**
 * The GSNN and the hybrid CVAE/GSNN objective of Sohn, Lee and Yan (NeurIPS 2015), built on the
 * CVAE's networks and model base class ({@link org.cgm4j.models.cvae.CvaeGraph}, {@link
 * org.cgm4j.models.cvae.AbstractCvaeModel}).
 */
package org.cgm4j.models.gsnn;
