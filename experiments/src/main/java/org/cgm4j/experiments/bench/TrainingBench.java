package org.cgm4j.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.cgm4j.experiments.config.ExperimentDefinition;

/**
 * Training throughput through the framework's own path: {@link Trainer#fit} on the bench model,
 * timed by a listener at the end of every step. The first {@code warmup} steps are discarded (the
 * first builds the gradient function); then {@code repeats} spans of {@code iterations} steps each
 * are timed back to back, and examples/s is reported per span, as their median and spread.
 * Training stops once the last span is timed.
 */
public final class TrainingBench {
    private TrainingBench() {}

    /** Thrown by the timing listener to end training once everything is measured. */
    private static final class Measured extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Measured() {
            super("measured", null, false, false);
        }
    }

    /** Records the time at the end of every step; stops training after {@code steps}. */
    static final class StepClock implements TrainingListener {
        private final int steps;
        private final List<Long> ends = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();

        StepClock(int steps) {
            this.steps = steps;
        }

        @Override
        public void onStep(StepRecord record) {
            ends.add(System.nanoTime());
            sizes.add(record.batchSize());
            if (ends.size() >= steps) {
                throw new Measured();
            }
        }
    }

    /** Trains and measures {@code workload}; the values go into the case's JSON. */
    public static Map<String, Object> run(Workload workload, BenchSettings settings) {
        long t0 = System.nanoTime();
        BenchModel bm = BenchModel.build(workload, settings, List.of());
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        ExperimentDefinition def = bm.resolved().definition();
        int steps = settings.warmup() + settings.iterations() * settings.repeats();
        int batchesPerEpoch = (bm.data().size(Split.TRAIN) + def.data().batchSize() - 1) / def.data().batchSize();
        // Enough epochs for every step; the clock ends training once the last span is timed.
        TrainConfig train = new TrainConfig(steps / batchesPerEpoch + 2, def.train().updater(), 0);
        Trainer trainer = new Trainer(train, def.data().batchSize(), def.seed(), null);
        StepClock clock = new StepClock(steps);
        long fitStart = System.nanoTime();
        try {
            trainer.fit(bm.model(), bm.data(), List.of(clock), false);
        } catch (Measured done) {
            // every span is timed
        }
        if (clock.ends.size() < steps) {
            throw new IllegalStateException("training ended after " + clock.ends.size() + " of " + steps + " steps");
        }
        double[] rates = new double[settings.repeats()];
        double[] secondsPerIteration = new double[settings.repeats()];
        for (int r = 0; r < settings.repeats(); r++) {
            int from = settings.warmup() + r * settings.iterations() - 1; // the step whose end starts the span
            int to = from + settings.iterations();
            long examples = 0;
            for (int i = from + 1; i <= to; i++) {
                examples += clock.sizes.get(i);
            }
            double seconds = (clock.ends.get(to) - clock.ends.get(from)) / 1e9;
            rates[r] = examples / seconds;
            secondsPerIteration[r] = seconds / settings.iterations();
        }
        Stats eps = Stats.of(rates);
        double flops = LayerShapes.trainingFlopsPerExample(bm.layers());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", bm.model().type());
        out.put("data", bm.data().splits().name() + " (" + bm.dataOrigin() + ")");
        out.put("batchSize", def.data().batchSize());
        out.put("examplesPerSecond", eps.median());
        out.put("examplesPerSecondMin", eps.min());
        out.put("examplesPerSecondMax", eps.max());
        out.put("examplesPerSecondSpread", eps.spread());
        out.put("examplesPerSecondRepeats", eps.values());
        out.put("millisPerIteration", Stats.of(secondsPerIteration).median() * 1e3);
        out.put("warmupIterations", settings.warmup());
        out.put("iterationsPerRepeat", settings.iterations());
        out.put("repeats", settings.repeats());
        out.put("buildSeconds", buildSeconds);
        out.put("firstIterationSeconds", (clock.ends.get(0) - fitStart) / 1e9);
        out.put("warmupSeconds", (clock.ends.get(settings.warmup() - 1) - fitStart) / 1e9);
        // Every step's wall time (the first from the start of fit), to see warm-up trends and outliers.
        List<Double> stepMillis = new ArrayList<>(clock.ends.size());
        for (int i = 0; i < clock.ends.size(); i++) {
            long start = i == 0 ? fitStart : clock.ends.get(i - 1);
            stepMillis.add(Math.round((clock.ends.get(i) - start) / 1e4) / 100.0);
        }
        out.put("stepMillis", stepMillis);
        if (workload.countsFlops()) {
            out.put("flopsPerExample", flops);
            out.put("achievedGflops", eps.median() * flops / 1e9);
            out.put("layers", bm.layers().stream().map(l -> l.network() + " " + l.nIn() + "x" + l.nOut()).toList());
        }
        return out;
    }
}
