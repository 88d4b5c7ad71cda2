package org.cgm4j.models.cvae;

import java.util.List;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelFactory;

/**
 * The factory of a model type of the CVAE family ({@code cvae}, and the GSNN and hybrid built on
 * its networks): every type of the family takes the one config record {@link CvaeConfig}, so a
 * factory differs from another only in its name, description, defaults resource, loss weights and
 * the model it builds.
 *
 * @param <M> the model the type builds; {@link #create} is declared with it, which is where {@code
 *     cgm4j describe} finds the model's paper
 */
public abstract class CvaeFamilyFactory<M extends AbstractCvaeModel> implements ModelFactory<CvaeConfig> {
    private final String type;
    private final String description;
    private final String defaultsResource;
    private final List<LossWeightSpec> lossWeights;

    /**
     * A factory of {@code type}.
     *
     * @param defaultsResource the classpath resource of the type's {@code model:} defaults
     * @param lossWeights the type's loss weights, with their defaults
     */
    protected CvaeFamilyFactory(String type, String description, String defaultsResource,
            List<LossWeightSpec> lossWeights) {
        this.type = type;
        this.description = description;
        this.defaultsResource = defaultsResource;
        this.lossWeights = List.copyOf(lossWeights);
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Class<CvaeConfig> configType() {
        return CvaeConfig.class;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<LossWeightSpec> lossWeights() {
        return lossWeights;
    }

    @Override
    public final String defaultsResource() {
        return defaultsResource;
    }

    @Override
    public abstract M create(CvaeConfig config, ModelContext context);
}
