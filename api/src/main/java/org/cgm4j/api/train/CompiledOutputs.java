package org.cgm4j.api.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of one graph, {@code SameDiff.output} as compiled plans: what a model's evaluation
 * functions (encoders, decoders, log-likelihoods, predictions) call instead of {@code sd.output}.
 *
 * <p>An evaluation loop calls the same outputs on the same shapes chunk after chunk (the
 * conditional log-likelihood's 5,000 rows, the importance-weighted bound's 10,000), and SameDiff's
 * session re-derives on every call which ops to run, the shape of every output and the arrays each
 * op reads and writes. {@link #output} compiles, per requested outputs and feed shapes, a {@link
 * GradientPlan} of the graph itself (its ops are the session's own, so values are bit for bit the
 * session's) and from then on only executes it. The plan's intermediate arrays are shared between
 * ops whose lifetimes do not overlap, so a plan holds about the memory of the graph's widest point.
 *
 * <p>Plans are kept least recently used first out, at most {@value #MAX_PLANS} and {@value
 * #MAX_MEGABYTES} MB of arrays together (the newest plan always stays; before a new one is compiled,
 * old ones make room for it as large as the largest plan of the same outputs); an evicted plan
 * frees its arrays at once. A plan is compiled anew when the graph's variable arrays were replaced (a model
 * loading weights); weights updated in place are read as they are. Outputs a plan cannot compute
 * as a straight line of ops (control flow, in-graph random numbers) go to {@code sd.output}, with
 * the reason logged once.
 *
 * <p>The system property {@value Trainer.Execution#PROPERTY} chooses as for training: {@code
 * planned} (the default) compiles plans; {@code session} and {@code recycled} leave every call to
 * {@code sd.output}, to rule the plans out. Results are the same either way.
 *
 * <p>Returned arrays are the caller's own, as {@code sd.output}'s are: copies of the plan's, which
 * the next call overwrites. Calls are serialised: a plan's arrays serve one call at a time.
 */
public final class CompiledOutputs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledOutputs.class);
    /** Plans kept at once: a chunk loop's few outputs, each for a full and a last, partial chunk. */
    static final int MAX_PLANS = 8;
    /**
     * Megabytes of plan arrays kept at once. A CVAE's log-likelihood plan for the CLL's 5,000-row
     * chunks takes most of it, so the last chunk's plan replaces it rather than joining it.
     */
    static final long MAX_MEGABYTES = 192;

    /** Requested outputs and the data type and shape of every placeholder fed. */
    private record Key(List<String> outputs, Map<String, List<Object>> feed) {
        static Key of(List<String> outputs, Map<String, INDArray> feed) {
            Map<String, List<Object>> shapes = new LinkedHashMap<>();
            feed.forEach((name, a) -> {
                List<Object> d = new ArrayList<>();
                d.add(a.dataType());
                for (long s : a.shape()) {
                    d.add(s);
                }
                shapes.put(name, d);
            });
            return new Key(outputs, shapes);
        }
    }

    private final SameDiff sd;
    private final boolean planned;
    private final int maxPlans;
    private final long maxBytes;
    private final Map<Key, GradientPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    /** Requested output lists a plan refused, left to the session. */
    private final Set<List<String>> refused = new LinkedHashSet<>();
    private long compilations;

    /** The outputs of {@code sd}, as the system property {@value Trainer.Execution#PROPERTY} says (planned unless told). */
    public CompiledOutputs(SameDiff sd) {
        this(sd, Trainer.Execution.fromSystemProperty());
    }

    /** The outputs of {@code sd}: as compiled plans for {@link Trainer.Execution#PLANNED}, else by SameDiff's session. */
    public CompiledOutputs(SameDiff sd, Trainer.Execution execution) {
        this(sd, execution, MAX_PLANS, MAX_MEGABYTES << 20);
    }

    /** With other bounds on the plans kept, for tests. */
    CompiledOutputs(SameDiff sd, Trainer.Execution execution, int maxPlans, long maxBytes) {
        this.sd = sd;
        this.planned = execution == Trainer.Execution.PLANNED;
        this.maxPlans = maxPlans;
        this.maxBytes = maxBytes;
    }

    /**
     * The values of the variables {@code names} for the placeholders {@code feed}, as {@code
     * sd.output(feed, names)} computes them.
     *
     * @param feed a value for every placeholder the outputs depend on (others are ignored)
     * @return name to array, in the order asked; the arrays are the caller's
     */
    public synchronized Map<String, INDArray> output(Map<String, INDArray> feed, String... names) {
        List<String> requested = List.of(names);
        if (!planned || refused.contains(requested) || !typesMatch(feed)) {
            return sd.output(feed, names);
        }
        Key key = Key.of(requested, feed);
        GradientPlan plan = plans.get(key);
        if (plan != null && !plan.accepts(sd, feed)) {
            plans.remove(key).close(); // a variable's array was replaced
            plan = null;
        }
        Map<String, INDArray> values;
        if (plan != null) {
            values = plan.run(feed);
        } else {
            makeRoom(requested);
            try {
                plan = GradientPlan.compile(sd, feed, requested, true);
            } catch (GradientPlan.Unsupported e) {
                refused.add(requested);
                LOG.info("outputs {} run on SameDiff's session: {}", requested, e.getMessage());
                return sd.output(feed, names);
            }
            compilations++;
            plans.put(key, plan);
            evict(key);
            values = plan.results(); // compiling ran the ops on this feed
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, values.get(n).dup());
        }
        return out;
    }

    /**
     * Whether every fed array has its placeholder's data type. A plan computes in the types it is
     * fed; the session refuses other types with its own message, so such a feed goes to it.
     */
    private boolean typesMatch(Map<String, INDArray> feed) {
        for (Map.Entry<String, INDArray> e : feed.entrySet()) {
            if (!sd.hasVariable(e.getKey()) || sd.getVariable(e.getKey()).dataType() != e.getValue().dataType()) {
                return false;
            }
        }
        return true;
    }

    /** The value of the variable {@code name} for {@code feed}: {@code output(feed, name).get(name)}. */
    public INDArray output(Map<String, INDArray> feed, String name) {
        return output(feed, new String[] {name}).get(name);
    }

    /**
     * Before a plan of {@code requested} for a new shape is compiled (a chunk loop's last, partial
     * chunk), frees the oldest plans until the largest plan kept of the same outputs would fit
     * beside them, so that the old shape's plan and the new one are not held at once.
     */
    private void makeRoom(List<String> requested) {
        long expected = 0;
        long bytes = 0;
        for (Map.Entry<Key, GradientPlan> e : plans.entrySet()) {
            bytes += e.getValue().bytes();
            if (e.getKey().outputs().equals(requested)) {
                expected = Math.max(expected, e.getValue().bytes());
            }
        }
        Iterator<Map.Entry<Key, GradientPlan>> it = plans.entrySet().iterator();
        while (bytes + expected > maxBytes && it.hasNext()) {
            GradientPlan eldest = it.next().getValue();
            bytes -= eldest.bytes();
            it.remove();
            eldest.close();
        }
    }

    /** Frees the oldest plans beyond the bounds ({@link #MAX_PLANS}, {@link #MAX_MEGABYTES}), never {@code newest}. */
    private void evict(Key newest) {
        long bytes = 0;
        for (GradientPlan p : plans.values()) {
            bytes += p.bytes();
        }
        Iterator<Map.Entry<Key, GradientPlan>> it = plans.entrySet().iterator();
        while ((plans.size() > maxPlans || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<Key, GradientPlan> eldest = it.next();
            if (eldest.getKey().equals(newest)) {
                continue;
            }
            bytes -= eldest.getValue().bytes();
            it.remove();
            eldest.getValue().close();
        }
    }

    /** Whether calls compile plans (false: every call goes to the session). */
    public boolean planned() {
        return planned;
    }

    /** The plans kept now, least recently used first. */
    synchronized List<GradientPlan> plans() {
        return List.copyOf(plans.values());
    }

    /** Bytes of the arrays of the plans kept now. */
    synchronized long bytes() {
        long sum = 0;
        for (GradientPlan p : plans.values()) {
            sum += p.bytes();
        }
        return sum;
    }

    /** Plans compiled so far (recompilations included): 0 when every call went to the session. */
    public synchronized long compilations() {
        return compilations;
    }

    /** Output lists left to the session because a plan refused them (the log says why). */
    public synchronized Set<List<String>> refused() {
        return Set.copyOf(refused);
    }

    /**
     * Frees every plan's arrays now; later calls compile plans again. For when a model's evaluation
     * is over and its plans would otherwise wait for the garbage collector.
     */
    @Override
    public synchronized void close() {
        plans.values().forEach(GradientPlan::close);
        plans.clear();
    }
}
