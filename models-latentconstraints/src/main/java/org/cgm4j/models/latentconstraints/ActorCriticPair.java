package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One actor-critic pair of Engel, Hoffman and Roberts (2018) and its losses, built in latent space
 * from {@link Inputs} alone: nothing here knows which model produced the codes, so a pair can sit
 * on top of any model with an encoder q(z | x) and a prior N(0, I) (see {@link
 * LatentConstraintsModel} for how the VAE feeds it).
 *
 * <p>With n rows, codes of width d and label vectors y (the true labels of the real rows: one-hot
 * classes, or binary attribute vectors, which the networks take alike through a linear embedding):
 *
 * <ul>
 *   <li>critic batch: real (z ~ q(z|x), y) labelled 1; fake (z_f, y_a) labelled 0 with z_f = z_p on
 *       rows where {@code rawPrior} is 1 and G(z_p, y_a) elsewhere, z_p ~ N(0, I) and y_a the asked
 *       labels ({@link Inputs#asked}: y, or on a row that starts from a real code the edit's target);
 *       a conditional pair also (z ~ q(z|x), y_mismatched) labelled 0, y_mismatched another class
 *       or another attribute vector than the true one. {@link #criticLoss()} is the mean over the
 *       groups of each group's mean sigmoid cross-entropy (softplus(-l) for label 1, softplus(l)
 *       for label 0, from basic ops);
 *   <li>{@link #gradientPenalty()}: mean over rows of (||dD/dz (z_hat, y)|| - 1)^2 at z_hat = t z
 *       + (1 - t) z_f, t ~ U(0, 1) per row (WGAN-GP; dD/dz from {@link Critic#evaluate});
 *   <li>{@link #actorLoss()}: mean over rows of -log D(G(z_p, y_a), y_a) = softplus(-l);
 *       {@link #distance()}: mean over rows and dimensions of log(1 + (z'_j - z_j)^2) /
 *       sigma_bar_j^2 with z' = G(z_p, y_a) (or another {@link DistanceScale}). With {@code
 *       actorOnReal} both are the average of this
 *       and the same on real codes, G(z, y_target), so that the actor learns to keep the identity
 *       of data codes (the reference does this when lambda_dist > 0).
 * </ul>
 *
 * Every loss is a scalar built from basic ops, so the double-precision finite-difference check of
 * the plugin contract covers it.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints: Learning to Generate Conditionally from"
                + " Unconditional Generative Models",
        where = "Section 3: critic loss L_D, actor loss L_G and the distance penalty L_dist")
public final class ActorCriticPair {
    /** Added under the square root of the penalty: keeps its gradient finite where dD/dz is 0. */
    static final double NORM_EPSILON = 1e-12;

    /**
     * The latent-space inputs of the pairs, shared by all pairs of a graph.
     *
     * @param real codes from the posterior, {@code [n, d]}; give them no gradient path into the
     *     model that produced them (a stop-gradient or a placeholder)
     * @param labels one-hot true labels of the real rows, {@code [n, K]}
     * @param mismatched one-hot labels different from the true ones, {@code [n, K]}
     * @param target one-hot target labels of the actor on real codes, {@code [n, K]}
     * @param asked what the actor is asked for on the rows of {@code prior}: {@code labels}, except
     *     on rows whose {@code prior} holds a real code (an edit's input), which ask for an edit's
     *     target, {@code [n, K]}
     * @param prior z_p ~ N(0, I), {@code [n, d]}
     * @param rawPrior 1 where the critic's fake row is the raw z_p, else 0, {@code [n, 1]}
     * @param interpolation t ~ U(0, 1) of the penalty's interpolates, {@code [n, 1]}
     * @param sigmaBar the encoder's mean posterior standard deviation per dimension, {@code [1, d]}
     */
    public record Inputs(SDVariable real, SDVariable labels, SDVariable mismatched, SDVariable target,
            SDVariable asked, SDVariable prior, SDVariable rawPrior, SDVariable interpolation, SDVariable sigmaBar) {}

    /**
     * The architecture of a pair.
     *
     * @param latentDim d
     * @param numClasses K, the width of the label vectors: one-hot classes or binary attributes
     * @param labelEmbedding width of the learned label embeddings
     * @param actorHidden hidden widths of the actor's trunk
     * @param criticHidden hidden widths of the critic
     * @param activation hidden nonlinearity of both
     * @param gateBias initial bias of the actor's gate logits
     * @param distanceScale the form of the distance penalty ({@code sigmaBar} of {@link Inputs} holds
     *     its {@link DistanceScale#effectiveSigma})
     */
    public record Architecture(int latentDim, int numClasses, int labelEmbedding, List<Integer> actorHidden,
            List<Integer> criticHidden, Activation activation, double gateBias, DistanceScale distanceScale) {}

    private final String name;
    private final boolean conditional;
    private final GatedActor actor;
    private final Critic critic;
    private final SDVariable criticLoss;
    private final SDVariable gradientPenalty;
    private final SDVariable actorLoss;
    private final SDVariable distance;

    /**
     * Builds the pair's networks (scopes {@code actor/<name>} and {@code critic/<name>}, weights
     * from {@code Rng.derive(seed, "init/actor/<name>")} and {@code "init/critic/<name>"}) and its
     * losses.
     *
     * @param conditional whether actor and critic see labels (the attribute pair) or not (realism)
     * @param actorOnReal whether the actor is also trained on real codes
     */
    public ActorCriticPair(SameDiff sd, String name, boolean conditional, Inputs in, Architecture arch,
            boolean actorOnReal, DataType type, long seed) {
        this.name = name;
        this.conditional = conditional;
        int classes = conditional ? arch.numClasses() : 0;
        this.actor = new GatedActor(sd, Scopes.name(Scopes.ACTOR, name), arch.latentDim(), classes,
                arch.labelEmbedding(), arch.actorHidden(), arch.activation(), arch.gateBias(), type,
                Rng.derive(seed, "init/" + Scopes.name(Scopes.ACTOR, name)));
        this.critic = new Critic(sd, Scopes.name(Scopes.CRITIC, name), arch.latentDim(), classes,
                arch.labelEmbedding(), arch.criticHidden(), arch.activation(), type,
                Rng.derive(seed, "init/" + Scopes.name(Scopes.CRITIC, name)));
        int d = arch.latentDim();
        SDVariable y = conditional ? in.labels() : null;
        SDVariable asked = conditional ? in.asked() : null;
        SDVariable target = conditional ? in.target() : null;

        // SameDiff's cost here is per op, not per row: each network runs once on its inputs stacked
        // along a new leading axis ([groups, n, d] reshaped to [groups * n, d]), and the groups are
        // taken back with static indices on that axis.
        SDVariable generated;
        SDVariable moved = null;
        if (actorOnReal) {
            SDVariable[] out = unstack(actor.apply(sd, stackRows(sd, d, in.prior(), in.real()),
                    conditional ? stackRows(sd, arch.numClasses(), asked, target) : null), 2, d);
            generated = out[0];
            moved = out[1];
        } else {
            generated = actor.apply(sd, in.prior(), asked);
        }
        SDVariable fake = in.rawPrior().mul(in.prior()).add(in.rawPrior().rsub(1.0).mul(generated));

        // Groups: 0 real (label 1), 1 fake (0), 2 generated for the actor (1), then 3 real with
        // mismatched labels (0) when conditional, then the actor's moved real codes (1).
        List<SDVariable> codes = new ArrayList<>(List.of(in.real(), fake, generated));
        List<SDVariable> labels = new ArrayList<>(conditional ? List.of(y, asked, asked) : List.of());
        if (conditional) {
            codes.add(in.real());
            labels.add(in.mismatched());
        }
        if (moved != null) {
            codes.add(moved);
            if (conditional) {
                labels.add(target);
            }
        }
        int groups = codes.size();
        SDVariable logits = critic.logit(sd, stackRows(sd, d, codes.toArray(SDVariable[]::new)),
                        conditional ? stackRows(sd, arch.numClasses(), labels.toArray(SDVariable[]::new)) : null)
                .reshape(groups, -1);
        SDVariable[] l = new SDVariable[groups];
        for (int g = 0; g < groups; g++) {
            l[g] = logits.get(SDIndex.point(g), SDIndex.all());
        }
        SDVariable ce = meanNll(sd, l[0], true).add(meanNll(sd, l[1], false));
        int criticGroups = 2;
        if (conditional) {
            ce = ce.add(meanNll(sd, l[3], false));
            criticGroups++;
        }
        this.criticLoss = ce.div(criticGroups);
        SDVariable t = in.interpolation();
        SDVariable interpolates = t.mul(in.real()).add(t.rsub(1.0).mul(fake));
        this.gradientPenalty = gradientPenalty(sd, critic.evaluate(sd, interpolates, y).inputGradient());

        SDVariable adversarial = meanNll(sd, l[2], true);
        DistanceScale scale = arch.distanceScale();
        SDVariable dist = scale.penalty(sd, generated, in.prior(), in.sigmaBar());
        if (moved != null) {
            adversarial = adversarial.add(meanNll(sd, l[groups - 1], true)).mul(0.5);
            dist = dist.add(scale.penalty(sd, moved, in.real(), in.sigmaBar())).mul(0.5);
        }
        this.actorLoss = adversarial;
        this.distance = dist;
    }

    /** {@code [n, width]} matrices stacked row-wise into {@code [parts * n, width]}. */
    private static SDVariable stackRows(SameDiff sd, int width, SDVariable... parts) {
        return parts.length == 1 ? parts[0] : sd.stack(0, parts).reshape(-1, width);
    }

    /** The inverse of {@link #stackRows}: {@code [parts * n, width]} into {@code parts} {@code [n, width]} matrices. */
    private static SDVariable[] unstack(SDVariable rows, int parts, int width) {
        SDVariable s = rows.reshape(parts, -1, width);
        SDVariable[] out = new SDVariable[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = s.get(SDIndex.point(i), SDIndex.all(), SDIndex.all());
        }
        return out;
    }

    /**
     * Batch mean of the sigmoid cross-entropy of logits {@code l} ({@code [n, 1]} or {@code [n]})
     * against a constant label: softplus(-l) for label 1, softplus(l) for label 0, with the stable
     * softplus relu(x) + log(1 + exp(-|x|)).
     */
    public static SDVariable meanNll(SameDiff sd, SDVariable logits, boolean real) {
        return softplus(sd, real ? logits.neg() : logits).mean();
    }

    /** log(1 + exp(x)) without overflow: relu(x) + softplus(-|x|). */
    public static SDVariable softplus(SameDiff sd, SDVariable x) {
        return sd.nn().relu(x, 0).add(sd.nn().softplus(sd.math().abs(x).neg()));
    }

    /**
     * The distance penalty L_dist averaged over rows and dimensions: {@code mean_{i,j} log(1 +
     * (z'_ij - z_ij)^2) / sigmaBar_j^2}; {@code zPrime}, {@code z} are {@code [n, d]}, {@code
     * sigmaBar} is {@code [1, d]}; a scalar.
     */
    public static SDVariable distance(SameDiff sd, SDVariable zPrime, SDVariable z, SDVariable sigmaBar) {
        return DistanceScale.PER_DIMENSION.penalty(sd, zPrime, z, sigmaBar);
    }

    /** The WGAN-GP penalty mean over rows of (||g_i|| - 1)^2 of gradients {@code g} ({@code [n, d]}); a scalar. */
    public static SDVariable gradientPenalty(SameDiff sd, SDVariable g) {
        SDVariable norm = sd.math().sqrt(g.mul(g).sum(1).add(NORM_EPSILON));
        SDVariable dev = norm.sub(1.0);
        return dev.mul(dev).mean();
    }

    /** The pair's name ({@code realism}, {@code attribute}). */
    public String name() {
        return name;
    }

    /** Whether actor and critic see labels. */
    public boolean conditional() {
        return conditional;
    }

    /** The actor G. */
    public GatedActor actor() {
        return actor;
    }

    /** The critic D. */
    public Critic critic() {
        return critic;
    }

    /** The critic's cross-entropy, a scalar. */
    public SDVariable criticLoss() {
        return criticLoss;
    }

    /** The critic's gradient penalty, a scalar. */
    public SDVariable gradientPenalty() {
        return gradientPenalty;
    }

    /** The actor's adversarial loss -log D(G(z, y), y), a scalar. */
    public SDVariable actorLoss() {
        return actorLoss;
    }

    /** The actor's distance penalty, a scalar. */
    public SDVariable distance() {
        return distance;
    }
}
