package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The speed benchmark's PyTorch child: with Debian's torch it builds the seed's network and times
 * it; without a usable interpreter every figure is NaN and the description says why.
 */
class TorchReferenceTest {

    @Test
    void timesTheSeedsNetworkInTheChild() {
        try (TorchReference torch = TorchReference.start(1)) {
            assertTrue(torch.available(), torch.description());
            assertTrue(torch.description().matches("torch \\S+ threads 1"), torch.description());
            int model = torch.model(500, 20, 0.01, 1e-3);
            assertEquals(0, model);
            double predict = torch.time(model, "predict", 5);
            double step = torch.time(model, "step", 5);
            assertTrue(predict > 0 && predict < 1_000, "predict " + predict + " ms");
            assertTrue(step > 0 && step < 1_000, "step " + step + " ms");
        }
    }

    @Test
    void aMissingInterpreterGivesNanFiguresAndSaysWhy() {
        try (TorchReference torch = TorchReference.start("/nonexistent/python3", 2)) {
            assertFalse(torch.available());
            assertTrue(torch.description().startsWith("unavailable: cannot run /nonexistent/python3"),
                    torch.description());
            assertEquals(-1, torch.model(500, 20, 0.01, 1e-3));
            assertTrue(Double.isNaN(torch.time(-1, "predict", 5)));
        }
    }
}
