package org.cgm4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.eval.ConditionalLogLikelihood;
import org.cgm4j.experiments.trained.Condition;
import org.cgm4j.experiments.trained.TrainedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's example: open a trained quadrant CVAE, complete a test digit from its given
 * quadrant, and score it with more importance samples than its run did.
 *
 * <pre>
 * java -cp "experiments/target/test-classes:experiments/target/cgm4j-experiments.jar:experiments/target/lib/*" \
 *     org.cgm4j.examples.OpenTrainedModel runs/sohn2015-mnist-quadrants/seed=1__3ce40d38
 * </pre>
 */
public final class OpenTrainedModel {
    private OpenTrainedModel() {}

    /** Opens {@code args[0]}, a run of a conditional latent-variable model; {@code args[1]}: S (default 1000). */
    public static void main(String[] args) {
        Map<String, Double> cll = run(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        cll.forEach((k, v) -> System.out.printf("%s = %.4f%n", k, v));
    }

    /** The example's steps; returns the re-scored metrics. */
    public static Map<String, Double> run(Path runDir, int samples) {
        TrainedModel cvae = TrainedModel.open(runDir);          // resolved.yaml + model/weights.zip, no data loaded
        System.out.println(cvae.type() + " trained on " + cvae.spec());

        // a test digit as the run's task sees it: x = the given quadrant, y = the whole image
        Batch digit = cvae.examples(cvae.data().splits().test().head(1));
        INDArray completions = cvae.sample(8, Condition.given(digit), 42);      // [8, 784], z ~ p(z | x)
        INDArray mean = cvae.predict(digit);                                     // [1, 784], z at the prior mean
        System.out.printf("8 completions %s, prediction %s%n", List.of(completions.shape()), List.of(mean.shape()));

        // re-score on the test split without training: S = samples importance samples
        return cvae.evaluate(List.of(new ConditionalLogLikelihood(ConditionalLogLikelihood.IMPORTANCE, samples)));
    }
}
