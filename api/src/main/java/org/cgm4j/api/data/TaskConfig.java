package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The task block of a data definition, {@code data.task} in YAML, chosen by its {@code type}:
 * {@code {type: unconditional}}, {@code {type: quadrants, given: 1}}, {@code {type:
 * classConditional}}, ... Task types are registered by plugins ({@code
 * ModelPlugin.registerTask}), the built-in ones by {@link CoreTasksPlugin}; the definition loader
 * binds the registered names. Each config builds its {@link ExampleTask} for the labels of the
 * dataset it is applied to.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TaskConfig {
    /**
     * The task for a dataset with these labels.
     *
     * @throws IllegalArgumentException one line naming {@code data.task} when the labels do not fit
     *     the task (a class-conditional task on a dataset without classes)
     */
    ExampleTask task(LabelSpace labels);
}
