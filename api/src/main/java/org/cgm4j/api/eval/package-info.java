/** Metrics computed from a model's sampling and encoding functions, and their registration. */
package org.cgm4j.api.eval;
