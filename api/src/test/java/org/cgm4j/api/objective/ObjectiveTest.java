package org.cgm4j.api.objective;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ObjectiveTest {
    @Test
    void aMonitoredTermIsLoggedButOutsideTheTotalAndGetsNoGradient() {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.var("a", Nd4j.scalar(DataType.DOUBLE, 2.0));
        SDVariable b = sd.var("b", Nd4j.scalar(DataType.DOUBLE, 5.0));
        Objective o = Objective.builder()
                .add(sd, "fit", a.mul(a), 3.0)
                .monitor(sd, "diagnostic", b.mul(b))
                .build();
        assertThat(o.termNames()).containsExactly("fit", "diagnostic");
        assertThat(o.loggedOnly()).containsExactly("diagnostic");
        sd.setLossVariables(o.total(sd, "total"));
        assertThat(sd.output(Map.of(), "total").get("total").getDouble(0)).isEqualTo(12.0);
        assertThat(sd.output(Map.of(), TermNames.variable("diagnostic")).get(TermNames.variable("diagnostic"))
                .getDouble(0)).isEqualTo(25.0);
        var grads = sd.calculateGradients(Map.of(), "a", "b");
        assertThat(grads.get("a").getDouble(0)).isEqualTo(12.0);
        assertThat(grads.get("b")).isNull();
    }
}
