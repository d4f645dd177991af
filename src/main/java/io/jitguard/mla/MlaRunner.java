package io.jitguard.mla;

import io.jitguard.gpu.CardPeaks;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.KernelRuntime;

/**
 * One absorbed MLA decode on the GPU through jitguard's runtime, checked or timed. The parts
 * follow the stages of a run: {@link MlaInputs} (a paged cache with scattered pages, random
 * values), {@link MlaLaunch} (device buffers, {@link MlaParams}' 448-byte layout, the kernels'
 * {@link DecodeGeometry}, plan, decode and merge), {@link MlaComparison} (o and lse against the
 * float64 reference) and {@link MlaBenchmark} (CUDA-event timing against a roofline).
 */
public final class MlaRunner {
  private MlaRunner() {}

  /** What to run. */
  public record Shape(int heads, int pageSize, int[] kvLen, ElementType q, ElementType kv, ElementType o,
      double smScale, long seed) {}

  /** What came back and how far it is from float64. */
  public record Check(String variant, String target, int work, int partials, int checkedPairs, long unwritten,
      double oMaxAbs, double oRelative, double lseRelative) {
    public boolean ok(double oTolerance, double lseTolerance) {
      return unwritten == 0 && oRelative <= oTolerance && lseRelative <= lseTolerance;
    }
  }

  /** What a benchmark measured, and how it compares with the card's roofline (NaN where the card's peaks are unknown). */
  public record Bench(String variant, String target, int iterations, double medianMillis, double minMillis,
      double kvBytes, double flops, double gbPerSecond, double tflopPerSecond, double rooflineMillis,
      double fractionOfRoofline, String bound, Phases phases, java.util.List<String> resourceUsage,
      String timing) {}

  /**
   * Medians of the three kernels' own times, in milliseconds, from runs timed separately with events
   * between the launches, and those runs' median in all (the events themselves take GPU time).
   */
  public record Phases(double planMillis, double decodeMillis, double mergeMillis, double totalMillis) {}

  /** Plan, decode and merge once, then o and lse against the float64 reference. */
  public static Check check(KernelRuntime rt, Shape s) {
    MlaInputs in = MlaInputs.generate(s);
    try (MlaLaunch launch = new MlaLaunch(rt, in, 1)) {
      launch.run(0, null);
      rt.driver().synchronize();
      return MlaComparison.compare(in, launch.download(), launch.decode.variant(), launch.decode.target().name());
    }
  }

  /**
   * The same with the three kernels captured as a CUDA graph and replayed twice (a replay must not
   * depend on the one before), as {@code --bench} times them: the outputs start as NaN, so a replay
   * that launched nothing leaves them unwritten.
   */
  public static Check checkReplayed(KernelRuntime rt, Shape s) {
    MlaInputs in = MlaInputs.generate(s);
    CudaDriver d = rt.driver();
    try (MlaLaunch launch = new MlaLaunch(rt, in, 1)) {
      CudaDriver.Stream stream = d.stream();
      try (CudaDriver.Graph g = d.capture(stream, () -> launch.run(0, stream))) {
        d.launch(g, stream);
        d.launch(g, stream);
        d.synchronize(stream);
      }
      return MlaComparison.compare(in, launch.download(), launch.decode.variant(), launch.decode.target().name());
    }
  }

  /** The median of {@code iterations} timed runs after {@code warmup}, against the roofline (MlaBenchmark). */
  public static Bench bench(KernelRuntime rt, Shape s, int warmup, int iterations, CardPeaks roof) {
    return MlaBenchmark.run(rt, s, warmup, iterations, roof);
  }
}
