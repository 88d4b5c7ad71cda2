package org.cgm4j.api.train;

/**
 * The early-stopping rule of {@code train.earlyStopping}, apart from training so that it can be
 * tested on a scripted sequence of values: after each validation, {@link #observe} says whether
 * the value is the best so far; {@code patience} validations in a row without one stop training.
 * Its whole state is a {@link Checkpoint.Protocol}, saved with every checkpoint.
 */
public final class EarlyStopping {
    private final EarlyStoppingConfig config;
    private Double best;
    private int bestEpoch = -1;
    private int bad;
    private int stoppedEpoch = -1;

    /** A rule that has seen nothing yet. */
    public EarlyStopping(EarlyStoppingConfig config) {
        this.config = config;
    }

    /**
     * Takes the validation of epoch {@code epoch} (0-based).
     *
     * @return true when {@code value} is the best so far (the caller keeps these weights)
     * @throws IllegalStateException after training has stopped
     */
    public boolean observe(int epoch, double value) {
        if (stopped()) {
            throw new IllegalStateException("training stopped after epoch " + stoppedEpoch);
        }
        if (config.improves(value, best == null ? Double.NaN : best)) {
            best = value;
            bestEpoch = epoch;
            bad = 0;
            return true;
        }
        bad++;
        if (bad >= config.patience()) {
            stoppedEpoch = epoch;
        }
        return false;
    }

    /** Whether patience has run out. */
    public boolean stopped() {
        return stoppedEpoch >= 0;
    }

    /** The epoch of the best value; -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value; NaN before any. */
    public double best() {
        return best == null ? Double.NaN : best;
    }

    /** The epoch after which training stopped; -1 while it goes on. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The state, for a checkpoint. */
    public Checkpoint.Protocol state() {
        return new Checkpoint.Protocol(best, bestEpoch, bad, stoppedEpoch);
    }

    /** Continues from a checkpoint's state. */
    public void restore(Checkpoint.Protocol state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        bad = state.badValidations();
        stoppedEpoch = state.stoppedEpoch();
    }
}
