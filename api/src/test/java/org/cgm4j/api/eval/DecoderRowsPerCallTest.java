package org.cgm4j.api.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelConfig;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The importance-weighted bound's decoder calls are split into calls of at most the model's
 * {@link LatentVariableModel#decoderRowsPerCall} rows of nearly equal size, and give every row the
 * value the unsplit call gives it, in its place.
 */
class DecoderRowsPerCallTest {
    /** log p(y | z) = sum_j y_j z_0 - z_1^2 per row (any function of the row's own y and z). */
    private static final class RowModel implements LatentVariableModel {
        private final int rowsPerCall;
        private final List<Long> calls = new ArrayList<>();

        RowModel(int rowsPerCall) {
            this.rowsPerCall = rowsPerCall;
        }

        @Override
        public int decoderRowsPerCall() {
            return rowsPerCall;
        }

        @Override
        public INDArray logLikelihood(INDArray y, INDArray z) {
            calls.add(z.size(0));
            return y.sum(1).mul(z.getColumn(0)).sub(z.getColumn(1).mul(z.getColumn(1)));
        }

        @Override
        public int latentDim() {
            return 2;
        }

        @Override
        public INDArray[] encode(INDArray y) {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray decode(INDArray z) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String type() {
            return "rows";
        }

        @Override
        public ModelConfig config() {
            return null;
        }

        @Override
        public ModelContext context() {
            return null;
        }

        @Override
        public SameDiff graph() {
            return SameDiff.create();
        }

        @Override
        public TrainingSchedule schedule() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataType dataType() {
            return DataType.DOUBLE;
        }
    }

    @ParameterizedTest(name = "at most {0} rows per call")
    @ValueSource(ints = {1, 3, 7, 23, 10_000})
    void splitCallsGiveEveryRowItsValue(int most) {
        int rows = 23;
        INDArray y = new Rng(1).gaussian(DataType.DOUBLE, rows, 5);
        INDArray z = new Rng(2).gaussian(DataType.DOUBLE, rows, 2);
        double[] whole = new RowModel(Integer.MAX_VALUE).logLikelihood(y, z).toDoubleVector();
        RowModel model = new RowModel(most);
        double[] split = LatentVariableMetrics.logLikelihood(model, y, z);
        assertThat(split).containsExactly(whole);
        long calls = (rows + Math.min(most, rows) - 1) / Math.min(most, rows);
        assertThat(model.calls).hasSize((int) calls).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(most));
        // nearly equal: no call is more than one row shorter than the first
        assertThat(model.calls).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(model.calls.get(0) - 1));
        assertThat(model.calls.stream().mapToLong(Long::longValue).sum()).isEqualTo(rows);
        assertThat(Nd4j.create(split).sumNumber().doubleValue()).isNotZero();
    }
}
