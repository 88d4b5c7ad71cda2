package org.cgm4j.api.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GradientPlan}s of one {@code fit}: one per update step and feed shape (a last,
 * partial batch gets its own, so full and partial batches alternate without recompiling), at most
 * {@link #MAX_PLANS}, the least recently used freed first. A step whose graph a plan refuses is
 * remembered with the reason and left to SameDiff's session.
 */
final class StepPlans implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StepPlans.class);
    /** Plans kept at once: every step of a staged model, each with a full and a partial batch. */
    static final int MAX_PLANS = 8;

    /** A step and the data type and shape of every placeholder fed to it. */
    private record Key(String step, Map<String, List<Object>> feed) {
        static Key of(String step, Map<String, INDArray> ph) {
            Map<String, List<Object>> shapes = new LinkedHashMap<>();
            ph.forEach((name, a) -> {
                List<Object> d = new ArrayList<>();
                d.add(a.dataType());
                for (long s : a.shape()) {
                    d.add(s);
                }
                shapes.put(name, d);
            });
            return new Key(step, shapes);
        }
    }

    private final Map<Key, GradientPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final Set<String> compiled = new LinkedHashSet<>();

    /**
     * The outputs and gradients of update step {@code step}, or null when its graph runs on the
     * session (the reason is in {@link #refused()}).
     */
    OutAndGrad compute(SameDiff sd, String step, Map<String, INDArray> ph, List<String> outs,
            List<String> trainable) {
        if (refused.containsKey(step)) {
            return null;
        }
        SameDiff fn = GradientFunction.of(sd);
        Map<String, String> gradientOf = new LinkedHashMap<>();
        for (String v : trainable) {
            SDVariable g = sd.getVariable(v).getGradient();
            if (g != null) {
                gradientOf.put(v, g.name());
            }
        }
        Key key = Key.of(step, ph);
        GradientPlan plan = plans.get(key);
        if (plan != null && !plan.accepts(fn, ph)) {
            plans.remove(key).close(); // a variable's array was replaced
            plan = null;
        }
        Map<String, INDArray> values;
        if (plan != null) {
            values = plan.run(ph);
        } else {
            List<String> requested = new ArrayList<>(outs);
            requested.addAll(gradientOf.values());
            try {
                plan = GradientPlan.compile(fn, ph, requested);
            } catch (GradientPlan.Unsupported e) {
                refused.put(step, e.getMessage());
                LOG.info("update step '{}' runs on SameDiff's session: {}", step, e.getMessage());
                return null;
            }
            plans.put(key, plan);
            evict();
            if (compiled.add(step)) {
                LOG.info("update step '{}' runs as a compiled plan of {} native op calls", step, plan.size());
            }
            values = plan.results(); // compiling ran the ops on this feed
        }
        Map<String, INDArray> outputs = new LinkedHashMap<>();
        for (String o : outs) {
            outputs.put(o, values.get(o));
        }
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradientOf.forEach((v, g) -> gradients.put(v, values.get(g)));
        return new OutAndGrad(outputs, gradients);
    }

    private void evict() {
        Iterator<Map.Entry<Key, GradientPlan>> it = plans.entrySet().iterator();
        while (plans.size() > MAX_PLANS && it.hasNext()) {
            GradientPlan eldest = it.next().getValue();
            it.remove();
            eldest.close();
        }
    }

    /** Steps left to the session, with the reason. */
    Map<String, String> refused() {
        return refused;
    }

    /** The steps for which a plan was compiled so far. */
    Set<String> compiled() {
        return compiled;
    }

    /** Frees every plan's arrays. */
    @Override
    public void close() {
        plans.values().forEach(GradientPlan::close);
        plans.clear();
    }
}
