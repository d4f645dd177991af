package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.pp.IncludeResolver;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.plan.VariantBuild;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a build plan, or files given on the command line, into the units the checker runs. */
public final class CheckPlan {
  /** Where relative paths start: the project of a file is found from it when no repository holds the file. */
  private static final Path WORKING_DIR = Path.of("").toAbsolutePath();
  /** How findings name the one instantiation of a family whose axes have a single value each. */
  static final String DEFAULT_LABEL = "(default)";

  private CheckPlan() {}

  /**
   * One checker unit per build of the plan (a variant for a target), with the template entry points of
   * all its instantiations: the source seen as the compiler sees it, with the build's folders and macros.
   */
  public static ImmutableList<Checker.Unit> forPlan(BuildPlan plan) {
    return plan.builds().stream().map(CheckPlan::forBuild).collect(ImmutableList.toImmutableList());
  }

  /** The checker unit of one build (a variant for a target), with the entry points of its instantiations. */
  public static Checker.Unit forBuild(VariantBuild b) {
    List<Checker.EntryPoint> entries = new ArrayList<>();
    for (CompileUnit unit : b.units()) {
      String label = unit.instantiation().label().isEmpty() ? DEFAULT_LABEL : unit.instantiation().label();
      for (Map.Entry<String, String> entry : unit.nameExpressions().entrySet()) {
        if (entry.getKey().contains("<")) { // a template to instantiate; a plain function is checked anyway
          entries.add(new Checker.EntryPoint(entry.getValue(), label, Optional.of(unit.key())));
        }
      }
    }
    return new Checker.Unit(b.source(), b.includeDirs(), b.defines(), b.target(), ImmutableList.copyOf(entries),
        Optional.of(b.key()), b.fallback(), IncludeResolver.projectOf(b.source(), WORKING_DIR),
        b.units().stream().map(CompileUnit::key).collect(ImmutableList.toImmutableList()));
  }

  /** Ad hoc files: each for each target, with the given name expressions. */
  public static ImmutableList<Checker.Unit> forFiles(List<Path> files, List<Path> includeDirs,
      Map<String, String> defines, List<Target> targets, List<String> instantiate) {
    List<Checker.EntryPoint> entries = instantiate.stream().map(e -> new Checker.EntryPoint(e, e)).toList();
    List<Checker.Unit> units = new ArrayList<>();
    for (Path f : files) {
      for (Target t : targets) {
        units.add(new Checker.Unit(f, ImmutableList.copyOf(includeDirs), ImmutableMap.copyOf(defines), t,
            ImmutableList.copyOf(entries), Optional.empty(), Optional.empty(), IncludeResolver.projectOf(f, WORKING_DIR),
            ImmutableList.of()));
      }
    }
    return ImmutableList.copyOf(units);
  }
}
