package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradientFunctionTest {
    @Test
    void buildsTheGradientFunctionOnceWithoutALinePerOp() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = sd.var("w", Nd4j.ones(DataType.DOUBLE, 3, 2));
        sd.math().tanh(x.mmul(w)).sum().rename("loss");
        sd.setLossVariables("loss");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        SameDiff fn;
        try {
            fn = GradientFunction.of(sd);
        } finally {
            System.setOut(original);
        }
        assertThat(fn).isNotNull().isSameAs(sd.getFunction(GradientFunction.NAME));
        assertThat(fn.getVariable("w-grad")).isNotNull();
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Added differentiated op");
        assertThat(GradientFunction.of(sd)).isSameAs(fn);
    }

    @Test
    void onlyTheNoiseLinesAreDropped() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(target, true, StandardCharsets.UTF_8);
        PrintStream filtered = new PrintStream(new GradientFunction.DropLines(out, "Added differentiated op "), true,
                StandardCharsets.UTF_8);
        filtered.println("first");
        filtered.println("Added differentiated op matmul");
        filtered.print("Added differ"); // a noise line written in pieces
        filtered.println("entiated op tanh");
        filtered.println("Added differentiated ops: not the prefix");
        filtered.println("  Added differentiated op indented");
        filtered.print("unfinished");
        filtered.flush();
        assertThat(target.toString(StandardCharsets.UTF_8)).doesNotContain("unfinished");
        filtered.close();
        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("first\n"
                + "Added differentiated ops: not the prefix\n" + "  Added differentiated op indented\n"
                + "unfinished");
        out.println("still open"); // closing the filter left the target open
        assertThat(target.toString(StandardCharsets.UTF_8)).endsWith("unfinishedstill open\n");
    }
}
