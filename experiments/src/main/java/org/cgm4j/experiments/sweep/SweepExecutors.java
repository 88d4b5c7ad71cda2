package org.cgm4j.experiments.sweep;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.cgm4j.api.UserError;

/**
 * The sweep executors on the class path, by name: the built-in {@code local} and {@code
 * in-process} and any plugin's (such as {@code spark} from the {@code executors-spark} module),
 * all found through {@link ServiceLoader} of {@link SweepExecutorFactory}.
 */
public final class SweepExecutors {
    private final Map<String, SweepExecutorFactory> byName;

    private SweepExecutors(Map<String, SweepExecutorFactory> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * The factories the class loader of this class finds.
     *
     * @throws IllegalStateException when two factories claim one name (naming both classes)
     */
    public static SweepExecutors discover() {
        return of(ServiceLoader.load(SweepExecutorFactory.class, SweepExecutors.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** The given factories, by name. */
    static SweepExecutors of(List<SweepExecutorFactory> factories) {
        Map<String, SweepExecutorFactory> m = new TreeMap<>();
        for (SweepExecutorFactory f : factories) {
            SweepExecutorFactory previous = m.put(f.name(), f);
            if (previous != null) {
                throw new IllegalStateException("two sweep executors are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new SweepExecutors(m);
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The factory named {@code name}.
     *
     * @throws UserError naming the executors there are, and how the Spark executor gets on the class path
     */
    public SweepExecutorFactory get(String name) {
        SweepExecutorFactory f = byName.get(name);
        if (f == null) {
            throw new UserError("execution.executor: no sweep executor '" + name + "' on the class path; there are: "
                    + String.join(", ", byName.keySet())
                    + ("spark".equals(name) ? " (the spark executor is in the executors-spark module: the cgm4j"
                            + " launcher adds it when the command line says --executor spark, or set CGM4J_SPARK=1)"
                            : ""));
        }
        return f;
    }
}
