package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import io.jitguard.manifest.Manifest;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.NvrtcVersion;
import io.jitguard.target.Target;
import java.nio.file.Path;

/** Everything a matrix compile did, for the reports and the exit code. */
public record MatrixResult(
    Manifest manifest, NvrtcVersion nvrtcVersion, CudaHeaders headers, ImmutableList<Target> targets,
    int jobs, boolean strict, Path outDir, ImmutableList<UnitResult> units, ImmutableList<SlotOutcome> slots,
    ImmutableList<DiagnosticGroup> diagnostics, long wallMillis) {

  public long failedUnits() {
    return units.stream().filter(u -> !u.ok()).count();
  }

  public long uncoveredSlots() {
    return slots.stream().filter(s -> !s.covered()).count();
  }

  public long fallbackSlots() {
    return slots.stream().filter(s -> s.covered() && !s.fallbacks().isEmpty()).count();
  }

  /**
   * Success: every family has a working variant for every instantiation on every target; under
   * {@code strict}, also every variant compiled wherever it claims support.
   */
  public boolean ok() {
    return uncoveredSlots() == 0 && (!strict || failedUnits() == 0);
  }
}
