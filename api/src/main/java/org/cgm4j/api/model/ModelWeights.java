package org.cgm4j.api.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads the trainable variables of a model's graph. A saved model is its config plus
 * this file: loading rebuilds the graph from the config with the plugin's factory, then copies
 * the weights in, so a saved model never carries stale graph code.
 */
public final class ModelWeights {
    private ModelWeights() {}

    /** The trainable variables of {@code sd} by name, as live arrays. */
    public static Map<String, INDArray> of(SameDiff sd) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                m.put(v.name(), v.getArr());
            }
        }
        return m;
    }

    /** Writes every trainable variable of the model's graph to {@code file}. */
    public static void save(ConditionalGenerativeModel model, Path file) {
        ArrayArchive.write(file, of(model.graph()), Map.of("type", model.type()));
    }

    /** Copies the weights in {@code file} into the model's graph; names and shapes must match exactly. */
    public static void load(ConditionalGenerativeModel model, Path file) {
        assign(model.graph(), ArrayArchive.read(file).arrays(), file.toString());
    }

    /** Copies {@code arrays} into the variables of {@code sd}; {@code source} names them in errors. */
    public static void assign(SameDiff sd, Map<String, INDArray> arrays, String source) {
        Map<String, INDArray> live = of(sd);
        Set<String> missing = new TreeSet<>(live.keySet());
        missing.removeAll(arrays.keySet());
        Set<String> extra = new TreeSet<>(arrays.keySet());
        extra.removeAll(live.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalStateException(source + " does not fit the model: missing " + missing + ", unexpected " + extra);
        }
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray src = arrays.get(e.getKey());
            if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalStateException(source + ": variable " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(src.shape()) + ", the model expects "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(src.castTo(e.getValue().dataType()));
        }
    }
}
