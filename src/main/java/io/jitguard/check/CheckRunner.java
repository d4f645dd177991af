package io.jitguard.check;

import io.jitguard.cpp.Budget;
import io.jitguard.cpp.model.NvrtcModel;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.plan.BuildPlan;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import io.jitguard.targets.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The core of {@code jitguard check}: a request in, the checker's result out. */
public final class CheckRunner {
  static final Target DEFAULT_FILE_TARGET = Target.parse("sm_90a");

  private CheckRunner() {}

  /**
   * @throws io.jitguard.manifest.ManifestException for a manifest that cannot be used
   * @throws TargetException for a bad target, family or file
   */
  public static Checker.Result run(CheckRequest request) {
    return run(request, Budget.fromSystemProperties());
  }

  /** As {@link #run(CheckRequest)}, with a budget of work per unit. */
  public static Checker.Result run(CheckRequest request, Budget budget) {
    Checker checker = new Checker(new SourceCache(), request.bindings()).withBudget(budget);
    if (request.files().isEmpty()) {
      Manifest m = ManifestReader.read(request.manifest());
      List<Target> targets = request.targets().isEmpty() ? m.defaultTargets() : NvrtcModel.TARGETS.resolveAll(request.targets());
      targets.forEach(NvrtcModel.TARGETS::require);
      try {
        return checker.run(CheckPlan.forPlan(BuildPlan.of(m, m.families(request.families()), targets)));
      } catch (IllegalArgumentException e) {
        throw new TargetException(e.getMessage());
      }
    }
    for (Path f : request.files()) {
      if (!Files.isRegularFile(f)) {
        throw new TargetException("no such file: " + f);
      }
    }
    List<Target> targets = request.targets().isEmpty() ? List.of(DEFAULT_FILE_TARGET)
        : NvrtcModel.TARGETS.resolveAll(request.targets());
    return checker.run(CheckPlan.forFiles(request.files(), request.includeDirs(), request.defines(), targets,
        request.instantiate()));
  }
}
