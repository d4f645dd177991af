package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.pp.IncludeResolver;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.Variant;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a manifest, or files given on the command line, into the units the checker runs. */
public final class CheckPlan {
  /** Where relative paths start: the project of a file is found from it when no repository holds the file. */
  private static final Path WORKING_DIR = Path.of("").toAbsolutePath();

  private CheckPlan() {}

  /** Every variant of every family, for every requested target it claims, with all its instantiations. */
  public static ImmutableList<Checker.Unit> forManifest(Manifest manifest, List<KernelFamily> families,
      List<Target> targets) {
    ImmutableMap<String, String> defines = definesFrom(manifest.options());
    List<Checker.Unit> units = new ArrayList<>();
    for (KernelFamily family : families) {
      for (int v = 0; v < family.variants().size(); v++) {
        Variant variant = family.variants().get(v);
        ImmutableMap<String, String> variantDefines = ImmutableMap.<String, String>builder().putAll(defines)
            .putAll(definesFrom(variant.options())).buildKeepingLast();
        List<Checker.EntryPoint> entries = new ArrayList<>();
        for (Instantiation inst : family.instantiations()) {
          for (String entry : variant.entryPoints()) {
            if (entry.contains("<")) {
              entries.add(new Checker.EntryPoint(inst.expand(entry), inst.label().isEmpty() ? "(default)"
                  : inst.label()));
            }
          }
        }
        List<Path> includes = new ArrayList<>();
        includes.add(variant.source().getParent());
        includes.addAll(manifest.includeDirs());
        for (Target target : targets) {
          if (!variant.supports(target)) {
            continue;
          }
          Optional<String> fallback = family.variants().subList(v + 1, family.variants().size()).stream()
              .filter(x -> x.supports(target)).map(Variant::name).findFirst();
          units.add(new Checker.Unit(variant.source(), ImmutableList.copyOf(includes), variantDefines, target,
              ImmutableList.copyOf(entries), Optional.of(family.name() + "/" + variant.name()), fallback,
              IncludeResolver.projectOf(variant.source(), WORKING_DIR)));
        }
      }
    }
    return ImmutableList.copyOf(units);
  }

  /** Ad hoc files: each for each target, with the given name expressions. */
  public static ImmutableList<Checker.Unit> forFiles(List<Path> files, List<Path> includeDirs,
      Map<String, String> defines, List<Target> targets, List<String> instantiate) {
    List<Checker.EntryPoint> entries = instantiate.stream().map(e -> new Checker.EntryPoint(e, e)).toList();
    List<Checker.Unit> units = new ArrayList<>();
    for (Path f : files) {
      List<Path> includes = new ArrayList<>(includeDirs);
      for (Target t : targets) {
        units.add(new Checker.Unit(f, ImmutableList.copyOf(includes), ImmutableMap.copyOf(defines), t,
            ImmutableList.copyOf(entries), Optional.empty(), Optional.empty(), IncludeResolver.projectOf(f, WORKING_DIR)));
      }
    }
    return ImmutableList.copyOf(units);
  }

  /** {@code -DNAME} and {@code -DNAME=VALUE} among compiler options. */
  static ImmutableMap<String, String> definesFrom(List<String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String o : options) {
      if (o.startsWith("-D") && o.length() > 2) {
        String d = o.substring(2);
        int eq = d.indexOf('=');
        out.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
      }
    }
    return ImmutableMap.copyOf(out);
  }
}
