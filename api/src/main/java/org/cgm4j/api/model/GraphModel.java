package org.cgm4j.api.model;

import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.train.CompiledOutputs;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The part every model shares: its type name, config, context, graph and training schedule. A
 * model extends this, builds its networks and objective into {@link #sd} in its constructor and
 * ends it with {@link #install}, and writes only what is its own (the graph, {@link #feed}, and
 * the functions of its richer interfaces).
 *
 * @param <C> the model's config record
 */
public abstract class GraphModel<C extends ModelConfig> implements ConditionalGenerativeModel {
    /** The model's graph; its variables are the model's weights. */
    protected final SameDiff sd;
    /**
     * The outputs of {@link #sd} for the model's evaluation functions: {@code outputs.output(feed,
     * names)} in place of {@code sd.output(feed, names)}, the same values through compiled plans.
     */
    protected final CompiledOutputs outputs;
    private final String type;
    private final C config;
    private final ModelContext context;
    private TrainingSchedule schedule;

    /** A model with a fresh, empty graph. */
    protected GraphModel(String type, C config, ModelContext context) {
        this(type, config, context, Graphs.create());
    }

    /** A model whose graph {@code sd} a builder has started already. */
    protected GraphModel(String type, C config, ModelContext context, SameDiff sd) {
        this.type = type;
        this.config = config;
        this.context = context;
        this.sd = sd;
        this.outputs = new CompiledOutputs(sd);
    }

    /** Sets the schedule and installs its loss and step selectors into the graph; once, at the end of the constructor. */
    protected final void install(TrainingSchedule schedule) {
        if (this.schedule != null) {
            throw new IllegalStateException(type + ": the training schedule is installed already");
        }
        this.schedule = schedule;
        schedule.install(sd, context.dataType(), context.loss().scheduled());
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public C config() {
        return config;
    }

    @Override
    public ModelContext context() {
        return context;
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    /**
     * The compiled outputs behind the evaluation functions; {@link CompiledOutputs#close()} frees
     * their plans once evaluation is over.
     */
    public CompiledOutputs outputs() {
        return outputs;
    }

    @Override
    public TrainingSchedule schedule() {
        if (schedule == null) {
            throw new IllegalStateException(type + ": no training schedule installed (call install in the constructor)");
        }
        return schedule;
    }
}
