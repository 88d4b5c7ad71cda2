package org.cgm4j.api.objective;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A weighted sum of {@link LossTerm}s: {@code total = sum_i w_i * term_i}. Every term is also
 * exposed unweighted, so that logs show each term on its own scale whatever its weight.
 *
 * <p>A term can be <em>logged only</em>: computed and logged at every step, but left out of the
 * total, so no gradient flows through it and its backward pass is not built (a third of the
 * CVAE's gradient-graph ops were those of its two multi-scale terms when they were off). Say so
 * with {@link Builder#monitor} (a diagnostic such as the IWAE's single-sample ELBO); a term added
 * with {@link Builder#add} whose configured weight is 0 is logged only too (an ablation then
 * shows what the term would have been).
 */
public final class Objective {
    /** One term and its weight (0: logged only). */
    public record WeightedTerm(LossTerm term, double weight) {
        /** Whether the term is logged only: outside the total, no gradient. */
        public boolean loggedOnly() {
            return weight == 0.0;
        }
    }

    private final List<WeightedTerm> terms;

    private Objective(List<WeightedTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("an objective needs at least one term");
        }
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (WeightedTerm t : terms) {
            if (seen.put(t.term().name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("loss term '" + t.term().name() + "' appears twice in one objective");
            }
            if (!Double.isFinite(t.weight())) {
                throw new IllegalArgumentException("weight of loss term '" + t.term().name() + "' must be finite");
            }
        }
        this.terms = Collections.unmodifiableList(new ArrayList<>(terms));
    }

    /** A builder of terms in the order they are added (the order of the log columns). */
    public static Builder builder() {
        return new Builder();
    }

    /** The terms with their weights. */
    public List<WeightedTerm> terms() {
        return terms;
    }

    /** The term names, in order. */
    public List<String> termNames() {
        return terms.stream().map(t -> t.term().name()).toList();
    }

    /** The terms that are logged only, in order. */
    public List<String> loggedOnly() {
        return terms.stream().filter(WeightedTerm::loggedOnly).map(t -> t.term().name()).toList();
    }

    /**
     * Adds {@code sum_i w_i * term_i} over the terms that are not logged only to the graph as a scalar
     * variable called {@code name} (0 times the first term when every weight is 0).
     */
    public SDVariable total(SameDiff sd, String name) {
        return total(sd, name, Map.of());
    }

    /**
     * As {@link #total(SameDiff, String)}, with the terms named in {@code factors} also multiplied
     * by their scalar factor variable (a placeholder fed before each update: a scheduled loss
     * weight): {@code (term * w) * factor}. A term of weight 0 stays out whatever its factor.
     */
    public SDVariable total(SameDiff sd, String name, Map<String, SDVariable> factors) {
        SDVariable sum = null;
        for (WeightedTerm t : terms) {
            if (t.loggedOnly()) {
                continue;
            }
            SDVariable w = t.term().value().mul(t.weight());
            SDVariable f = factors.get(t.term().name());
            if (f != null) {
                w = w.mul(f);
            }
            sum = sum == null ? w : sum.add(w);
        }
        if (sum == null) {
            sum = terms.get(0).term().value().mul(0.0);
        }
        return sd.identity(name, sum);
    }

    /** Builds an {@link Objective}. */
    public static final class Builder {
        private final List<WeightedTerm> terms = new ArrayList<>();

        /** Adds a term with its weight. */
        public Builder add(LossTerm term, double weight) {
            terms.add(new WeightedTerm(term, weight));
            return this;
        }

        /** Adds a term {@code name} with its weight, naming the graph variable after the term. */
        public Builder add(SameDiff sd, String name, SDVariable value, double weight) {
            return add(new LossTerm(name, sd.identity(TermNames.variable(name), value)), weight);
        }

        /**
         * Adds a term {@code name} that is logged only: computed and logged at every step, never
         * part of the total, so it gets no backward pass.
         */
        public Builder monitor(SameDiff sd, String name, SDVariable value) {
            return add(sd, name, value, 0.0);
        }

        /** The objective. */
        public Objective build() {
            return new Objective(terms);
        }
    }
}
