package org.cgm4j.api.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Bernoulli;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small noisy autoencoder for trainer tests: code h = encoder(y) + 0.1 eps, logits =
 * decoder(h); terms {@code reconstruction} (Bernoulli NLL) and {@code penalty} (mean h^2). It can
 * be told to feed NaN noise from a given feed call on, to exercise the NaN guard.
 */
public final class TinyModel implements ConditionalGenerativeModel {
    /**
     * Its config: the code width, and whether to train in two stages (stage 0, one epoch: the
     * encoder alone; stage 1: encoder and decoder cycling "decoder x 2, encoder x 1").
     */
    public record Config(int code, boolean staged) implements ModelConfig {
        /** One stage, one step. */
        public Config(int code) {
            this(code, false);
        }
    }

    /** The stages the trainer announced, in order. */
    public final List<Integer> stagesSeen = new ArrayList<>();

    private final Config config;
    private final ModelContext context;
    private final SameDiff sd = SameDiff.create();
    private final TrainingSchedule schedule;
    private int feeds;
    private int poisonFrom = Integer.MAX_VALUE;

    /** Builds the graph. */
    public TinyModel(Config config, ModelContext context) {
        this.config = config;
        this.context = context;
        Rng init = Rng.derive(context.seed(), "init");
        int d = context.data().yDim();
        SDVariable y = sd.placeHolder("y", context.dataType(), -1, d);
        SDVariable eps = sd.placeHolder("eps", context.dataType(), -1, config.code());
        Mlp enc = new Mlp(sd, "encoder", d, List.of(16), config.code(), Activation.TANH, context.dataType(), init);
        Mlp dec = new Mlp(sd, "decoder", config.code(), List.of(16), d, Activation.TANH, context.dataType(), init);
        SDVariable h = enc.apply(sd, y).add(eps.mul(0.1));
        SDVariable nll = new Bernoulli().logLikelihood(sd, dec.apply(sd, h), y, null).neg().mean();
        Objective o = Objective.builder()
                .add(sd, "reconstruction", nll, 1.0)
                .add(sd, "penalty", h.mul(h).mean(), 0.01)
                .build();
        List<String> all = new ArrayList<>(ModelWeights.of(sd).keySet());
        if (config.staged()) {
            UpdateStep e = new UpdateStep("encoder", o, all.stream().filter(v -> v.startsWith("encoder/")).toList(),
                    context.updater());
            UpdateStep dStep = new UpdateStep("decoder", Objective.builder()
                            .add(sd, "decoderReconstruction", nll, 1.0)
                            .build(),
                    all.stream().filter(v -> v.startsWith("decoder/")).toList(), context.updater());
            schedule = TrainingSchedule.staged(List.of(
                    new TrainingSchedule.Stage(1, List.of(new TrainingSchedule.Phase(e, 1))),
                    new TrainingSchedule.Stage(0, List.of(new TrainingSchedule.Phase(dStep, 2),
                            new TrainingSchedule.Phase(e, 1)))));
        } else {
            schedule = TrainingSchedule.single(new UpdateStep("train", o, all, context.updater()));
        }
        schedule.install(sd, context.dataType(), context.loss().scheduled());
    }

    /** From the {@code n}-th call of {@link #feed} on (0-based), the noise is NaN. */
    public TinyModel poisonFrom(int n) {
        this.poisonFrom = n;
        return this;
    }

    @Override
    public String type() {
        return "tiny";
    }

    @Override
    public ModelConfig config() {
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

    @Override
    public TrainingSchedule schedule() {
        return schedule;
    }

    @Override
    public void beforeStage(int stage, org.cgm4j.api.data.DataSource data) {
        stagesSeen.add(stage);
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put("y", batch.y());
        INDArray eps = rng.gaussian(dataType(), batch.size(), config.code());
        if (feeds++ >= poisonFrom) {
            eps.putScalar(0, 0, Double.NaN);
        }
        ph.put("eps", eps);
        return ph;
    }
}
