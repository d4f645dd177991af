package io.jitguard.gpu;

import com.google.common.collect.ImmutableList;
import java.util.Locale;
import java.util.Optional;

/**
 * The peak memory bandwidth and dense bf16 tensor rate of the GPU in hand, for rooflines: the
 * vendor's datasheet figure where the card is in {@link #DATASHEET} (found by its name), else what
 * the driver's clocks give. Each figure says where it came from, and what the driver's clocks give is
 * kept beside a datasheet figure for comparison.
 */
public record CardPeaks(String card, double bytesPerSecond, String bandwidthSource, double flopsPerSecond,
    String computeSource) {

  /** A card's datasheet peaks: memory bandwidth and dense bf16 tensor rate with fp32 accumulation. */
  record Datasheet(String nameContains, double terabytesPerSecond, double teraflops) {}

  /**
   * Datasheet peaks by a part of the name the driver reports, most specific first (the first match
   * wins): NVIDIA's data sheets of the SXM and PCIe parts.
   */
  static final ImmutableList<Datasheet> DATASHEET = ImmutableList.of(
      new Datasheet("H200 NVL", 4.8, 835),
      new Datasheet("H200", 4.8, 989),
      new Datasheet("H100 NVL", 3.9, 835),
      new Datasheet("H100 PCIe", 2.0, 756),
      new Datasheet("H100", 3.35, 989),
      new Datasheet("H800 PCIe", 2.0, 756),
      new Datasheet("H800", 3.35, 989),
      new Datasheet("H20", 4.0, 148),
      new Datasheet("A100 80GB PCIe", 1.935, 312),
      new Datasheet("A100-SXM4-80GB", 2.039, 312),
      new Datasheet("A100", 1.555, 312),
      new Datasheet("L40S", 0.864, 362),
      new Datasheet("L4", 0.3, 121),
      new Datasheet("B200", 8.0, 2250));

  /** Dense bf16 tensor FLOP per clock of one multiprocessor, by target (90: Hopper). */
  static Optional<Integer> tensorFlopsPerClock(int sm) {
    return switch (sm) {
      case 80 -> Optional.of(2048); // A100: 108 SMs x 1410 MHz x 2048 = 312 TFLOP/s
      case 90 -> Optional.of(4096); // H100 SXM: 132 SMs x 1830 MHz x 4096 = 989 TFLOP/s
      case 100 -> Optional.of(8192);
      default -> Optional.empty();
    };
  }

  /** The peaks of {@code gpu}: from the datasheet when its name is known, else from its clocks. */
  public static CardPeaks of(CudaDriver.Gpu gpu) {
    Optional<Double> driverBandwidth = gpu.memoryClockKhz() > 0 && gpu.memoryBusBits() > 0
        ? Optional.of(2.0 * gpu.memoryClockKhz() * 1e3 * gpu.memoryBusBits() / 8) : Optional.empty();
    String bandwidthClocks = driverBandwidth.map(b -> String.format(Locale.ROOT,
        "%.2f TB/s from the driver's clocks: 2 x %d MHz x %d bits", b / 1e12, gpu.memoryClockKhz() / 1000,
        gpu.memoryBusBits())).orElse("");
    Optional<Double> driverCompute = tensorFlopsPerClock(gpu.sm()).filter(x -> gpu.smClockKhz() > 0)
        .map(perClock -> (double) gpu.multiprocessors() * gpu.smClockKhz() * 1e3 * perClock);
    String computeClocks = driverCompute.map(c -> String.format(Locale.ROOT,
        "%.0f TFLOP/s from the driver's clocks: %d SMs x %d MHz x %d FLOP", c / 1e12, gpu.multiprocessors(),
        gpu.smClockKhz() / 1000, tensorFlopsPerClock(gpu.sm()).orElseThrow())).orElse("");
    Optional<Datasheet> sheet = DATASHEET.stream().filter(d -> gpu.name().contains(d.nameContains())).findFirst();
    if (sheet.isPresent()) {
      Datasheet d = sheet.get();
      return new CardPeaks(gpu.name(), d.terabytesPerSecond() * 1e12,
          "datasheet (" + d.nameContains() + ")" + (bandwidthClocks.isEmpty() ? "" : "; " + bandwidthClocks),
          d.teraflops() * 1e12,
          "datasheet (" + d.nameContains() + ")" + (computeClocks.isEmpty() ? "" : "; " + computeClocks));
    }
    return new CardPeaks(gpu.name(), driverBandwidth.orElse(Double.NaN),
        bandwidthClocks.isEmpty() ? "unknown: not in the datasheet table and no clocks from the driver" : bandwidthClocks,
        driverCompute.orElse(Double.NaN),
        computeClocks.isEmpty() ? "unknown: not in the datasheet table, and no tensor rate known for sm_" + gpu.sm()
            : computeClocks);
  }

  /** Whether both peaks are known, so a roofline can be drawn. */
  public boolean known() {
    return !Double.isNaN(bytesPerSecond) && !Double.isNaN(flopsPerSecond);
  }

  /** One line: the card, each peak and where it came from. */
  public String describe() {
    return String.format(Locale.ROOT, "%s roofline %s TB/s [%s] and %s dense bf16 TFLOP/s [%s]", card,
        Double.isNaN(bytesPerSecond) ? "?" : String.format(Locale.ROOT, "%.2f", bytesPerSecond / 1e12),
        bandwidthSource, Double.isNaN(flopsPerSecond) ? "?" : String.format(Locale.ROOT, "%.0f", flopsPerSecond / 1e12),
        computeSource);
  }
}
