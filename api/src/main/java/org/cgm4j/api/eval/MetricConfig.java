package org.cgm4j.api.eval;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of an experiment's {@code evaluate:} list: a record naming a registered metric by
 * {@code type} with its settings, which builds the {@link Metric}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public interface MetricConfig {
    /** The metric these settings describe. */
    Metric create();
}
