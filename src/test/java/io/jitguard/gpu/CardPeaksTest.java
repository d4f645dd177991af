package io.jitguard.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CardPeaksTest {
  /** What the driver reports for the H200 of the device machine (SXM, 6144-bit HBM3e). */
  private static final CudaDriver.Gpu H200 = new CudaDriver.Gpu(0, "NVIDIA H200", 90, 132, 1980000, 3201000, 6144);

  @Test
  void h200_datasheetPeaks_withTheDriversClocksBeside() {
    CardPeaks p = CardPeaks.of(H200);
    assertEquals(4.8e12, p.bytesPerSecond(), 1e6);
    assertEquals(989e12, p.flopsPerSecond(), 1e6);
    assertTrue(p.bandwidthSource().startsWith("datasheet (H200); 4.92 TB/s from the driver's clocks: 2 x 3201 MHz x 6144 bits"),
        p.bandwidthSource());
    assertTrue(p.computeSource().contains("1071 TFLOP/s from the driver's clocks: 132 SMs x 1980 MHz x 4096 FLOP"),
        p.computeSource());
    assertTrue(p.describe().startsWith("NVIDIA H200 roofline 4.80 TB/s [datasheet (H200)"), p.describe());
  }

  @Test
  void h100Pcie_notTakenForTheSxmPart() {
    CardPeaks p = CardPeaks.of(new CudaDriver.Gpu(0, "NVIDIA H100 PCIe", 90, 114, 1755000, 1593000, 5120));
    assertEquals(2.0e12, p.bytesPerSecond(), 1e6);
    assertEquals(756e12, p.flopsPerSecond(), 1e6);
    assertEquals(3.35e12, CardPeaks.of(new CudaDriver.Gpu(0, "NVIDIA H100 80GB HBM3", 90, 132, 1980000, 2619000, 5120))
        .bytesPerSecond(), 1e6);
  }

  @Test
  void unknownCard_peaksFromTheDriversClocks() {
    CardPeaks p = CardPeaks.of(new CudaDriver.Gpu(0, "Some Future Hopper", 90, 100, 2000000, 3000000, 4096));
    assertEquals(2.0 * 3000e6 * 4096 / 8, p.bytesPerSecond(), 1e6);
    assertEquals(100 * 2000e6 * 4096, p.flopsPerSecond(), 1e6);
    assertTrue(p.known());
  }

  @Test
  void unknownCard_withoutClocksOrTensorRate_saysUnknown() {
    CardPeaks p = CardPeaks.of(new CudaDriver.Gpu(0, "Some Ada card", 89, 128, 0, 0, 0));
    assertFalse(p.known());
    assertTrue(p.computeSource().contains("no tensor rate known for sm_89"), p.computeSource());
    assertTrue(p.describe().contains("? TB/s"), p.describe());
  }
}
