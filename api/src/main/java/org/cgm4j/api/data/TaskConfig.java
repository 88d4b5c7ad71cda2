package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The task block of a data definition, {@code data.task} in YAML, chosen by its {@code type}:
 * {@code {type: unconditional}} or {@code {type: quadrants, given: 1}}. Each config builds its
 * {@link ExampleTask}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = UnconditionalTask.class, name = UnconditionalTask.TYPE),
    @JsonSubTypes.Type(value = QuadrantsTask.class, name = QuadrantsTask.TYPE)
})
public sealed interface TaskConfig permits UnconditionalTask, QuadrantsTask {
    /** The task this config describes. */
    ExampleTask task();
}
