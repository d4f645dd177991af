package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import io.jitguard.check.Checker;
import io.jitguard.manifest.Manifest;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.NvrtcVersion;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.Optional;

/** Everything a matrix compile did, for the reports and the exit code. */
public record MatrixResult(
    Manifest manifest, NvrtcVersion nvrtcVersion, CudaHeaders headers, ImmutableList<Target> targets,
    int jobs, boolean strict, Path outDir, ImmutableList<UnitResult> units, ImmutableList<SlotOutcome> slots,
    ImmutableList<DiagnosticGroup> diagnostics, long wallMillis, Optional<Checker.Result> check, CacheSummary cache,
    Optional<io.jitguard.plan.Shard> shard, int plannedUnits, boolean shardByRecordedTimes) {

  /** Units not compiled because the static checks proved them broken. */
  public long skippedByCheck() {
    return units.stream().filter(u -> u.failure().filter(f -> f.startsWith(MatrixCompiler.SKIPPED)).isPresent()).count();
  }

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
    if (shard.isPresent()) { // no slot is judged by a share of its candidates; under strict, a failure still fails
      return !strict || failedUnits() == 0;
    }
    return uncoveredSlots() == 0 && (!strict || failedUnits() == 0);
  }
}
