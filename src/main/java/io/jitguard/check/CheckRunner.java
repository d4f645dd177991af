package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import io.jitguard.bindings.Bindings;
import io.jitguard.cpp.Budget;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.source.SourceLocation;
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
    SourceCache cache = new SourceCache();
    Checker checker = new Checker(cache, request.bindings()).withBudget(budget);
    if (request.files().isEmpty()) {
      Manifest m = ManifestReader.read(request.manifest());
      List<Target> targets = request.targets().isEmpty() ? m.defaultTargets() : NvrtcModel.TARGETS.resolveAll(request.targets());
      targets.forEach(NvrtcModel.TARGETS::require);
      Checker.Result result;
      try {
        result = checker.run(CheckPlan.forPlan(BuildPlan.of(m, m.families(request.families()), targets)));
      } catch (IllegalArgumentException e) {
        throw new TargetException(e.getMessage());
      }
      for (Manifest.BindingGroup g : m.bindings()) {
        result = withBindings(result, Bindings.read(g.sources(), g.python(),
            Preprocessor.Config.of(m.includeDirs(), java.util.Map.of(), targets.get(0)), cache), g.python().size());
      }
      return result;
    }
    for (Path f : request.files()) {
      if (!Files.isRegularFile(f)) {
        throw new TargetException("no such file: " + f);
      }
    }
    for (Path f : request.python()) {
      if (!Files.isRegularFile(f)) {
        throw new TargetException("no such file: " + f + " (--python)");
      }
    }
    List<Target> targets = request.targets().isEmpty() ? List.of(DEFAULT_FILE_TARGET)
        : NvrtcModel.TARGETS.resolveAll(request.targets());
    Checker.Result result = checker.run(CheckPlan.forFiles(request.files(), request.includeDirs(), request.defines(),
        targets, request.instantiate()));
    if (request.python().isEmpty()) {
      return result;
    }
    return withBindings(result, Bindings.read(request.files(), request.python(),
        Preprocessor.Config.of(request.includeDirs(), request.defines(), targets.get(0)), cache),
        request.python().size());
  }

  /** The checks across the language boundary (JG005), over the binding layer's facts, added to a result. */
  static Checker.Result withBindings(Checker.Result r, Bindings facts, int pythonFiles) {
    ImmutableList.Builder<Finding> findings = ImmutableList.<Finding>builder().addAll(r.findings());
    ImmutableList.Builder<FrontEndDiagnostic> frontEnd = ImmutableList.<FrontEndDiagnostic>builder()
        .addAll(r.frontEnd());
    for (Bindings.Problem p : facts.problems()) {
      SourceLocation at = p.at().orElse(new SourceLocation(SourceCache.synthetic(p.file(), ""), 1, 1));
      frontEnd.add(new FrontEndDiagnostic(Severity.ERROR, at, p.message(), FrontEndDiagnostic.Kind.PYTHON));
    }
    for (Check c : CheckRegistry.ALL) {
      CheckInfo info = c.info();
      for (Finding.Draft d : c.bindings(facts)) {
        findings.add(new Finding(info.id(), info.name(), d.severity() != null ? d.severity() : info.severity(),
            d.location(), d.message(), d.notes(), d.fixes(), ImmutableSortedSet.of(), ImmutableSortedSet.of(),
            ImmutableSortedSet.of(), ImmutableSet.of()));
      }
    }
    return r.with(findings.build(), frontEnd.build(), r.files() + pythonFiles);
  }
}
