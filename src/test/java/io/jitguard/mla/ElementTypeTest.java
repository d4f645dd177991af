package io.jitguard.mla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ElementTypeTest {
  @Test
  void bf16_roundsToNearestEven() {
    assertEquals(1.0f, ElementType.BF16.round(1.0f));
    assertEquals(1.0f, ElementType.BF16.round(1.00390625f)); // halfway, to even
    assertEquals(1.0078125f, ElementType.BF16.round(1.005f));
  }

  @Test
  void fp16_roundTripsAndRoundsToNearestEven() {
    assertEquals(1.0f, ElementType.FP16.round(1.0f));
    assertEquals(65504f, ElementType.FP16.round(65504f));
    assertEquals(Float.POSITIVE_INFINITY, ElementType.FP16.round(70000f));
    assertEquals(1.0f, ElementType.FP16.round(1.00048828125f)); // halfway between 1 and 1+2^-10, to even
    assertEquals((float) Math.pow(2, -24), ElementType.FP16.round((float) Math.pow(2, -24))); // smallest subnormal
    assertEquals(0.333251953125f, ElementType.FP16.round(1f / 3));
  }

  @Test
  void encodeDecode_roundTripsEveryType() {
    float[] xs = {0f, -1.5f, 3.140625f, 1e-3f, -256f};
    for (ElementType t : ElementType.values()) {
      float[] rounded = new float[xs.length];
      for (int i = 0; i < xs.length; i++) {
        rounded[i] = t.round(xs[i]);
      }
      assertArrayEquals(rounded, t.decode(t.encode(xs)), t.label());
    }
  }
}
