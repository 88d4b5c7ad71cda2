package org.cgm4j.experiments.cli;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.Callable;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.plugin.TaskRegistration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j tasks}: the registered task types of {@code data.task}, each with what it makes of
 * an image, its keys (type and description) and the plugin that registered it.
 */
@Command(name = "tasks", description = "List the registered task types (data.task) with their keys.")
public final class TasksCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        print(PluginRegistry.discover(), out);
        out.flush();
        return 0;
    }

    /** Writes the listing of {@code registry}'s tasks. */
    static void print(PluginRegistry registry, PrintWriter out) {
        out.println("tasks (data.task: {type: NAME, key: value, ...}):");
        for (TaskRegistration r : registry.tasks().values()) {
            JsonClassDescription d = r.configType().getAnnotation(JsonClassDescription.class);
            out.printf("  %-18s %s%n", r.type(), d == null ? "" : d.value());
            RecordComponent[] keys = r.configType().isRecord() ? r.configType().getRecordComponents()
                    : new RecordComponent[0];
            if (keys.length == 0) {
                out.printf("  %-18s keys: none%n", "");
            }
            for (RecordComponent c : keys) {
                JsonPropertyDescription kd = c.getAccessor().getAnnotation(JsonPropertyDescription.class);
                out.printf("  %-18s key %-10s %-8s %s%n", "", c.getName(),
                        c.getGenericType().getTypeName().replaceAll("[a-z0-9_.]+\\.", ""), kd == null ? "" : kd.value());
            }
            out.printf("  %-18s plugin %s%n", "", r.plugin().getName());
        }
    }
}
