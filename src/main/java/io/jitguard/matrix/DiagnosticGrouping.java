package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.nvrtc.CudaHeaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Folds the diagnostics of all units into distinct ones, each with where it came from. */
final class DiagnosticGrouping {
  private DiagnosticGrouping() {}

  private record Key(String file, int line, int column, String severity, Optional<String> number, String message) {
    static Key of(CompilerDiagnostic d) {
      return new Key(d.file(), d.line(), d.column(), d.severity().name(), d.number(), d.message());
    }
  }

  private static final class Acc {
    final CompilerDiagnostic first;
    int occurrences;
    final TreeSet<String> targets = new TreeSet<>();
    final TreeSet<String> instantiations = new TreeSet<>();
    final TreeSet<String> variants = new TreeSet<>();

    Acc(CompilerDiagnostic first) {
      this.first = first;
    }
  }

  static ImmutableList<DiagnosticGroup> group(List<UnitResult> results, CudaHeaders headers) {
    Map<Key, Acc> groups = new LinkedHashMap<>();
    for (UnitResult r : results) {
      for (CompilerDiagnostic d : r.diagnostics()) {
        Acc acc = groups.computeIfAbsent(Key.of(d), k -> new Acc(d));
        acc.occurrences++;
        acc.targets.add(r.unit().target().name());
        acc.instantiations.add(r.unit().instantiation().label());
        acc.variants.add(r.unit().family().name() + "/" + r.unit().variant().name());
      }
    }
    List<DiagnosticGroup> out = new ArrayList<>();
    for (Acc a : groups.values()) {
      out.add(new DiagnosticGroup(a.first, a.occurrences, ImmutableSortedSet.copyOf(a.targets),
          ImmutableSortedSet.copyOf(a.instantiations), ImmutableSortedSet.copyOf(a.variants),
          headers.owns(Path.of(a.first.file()))));
    }
    // errors first, then by file and line: the order a reader fixes things in
    out.sort(Comparator.comparing((DiagnosticGroup g) -> g.diagnostic().severity().ordinal())
        .thenComparing(g -> g.diagnostic().file()).thenComparingInt(g -> g.diagnostic().line()));
    return ImmutableList.copyOf(out);
  }
}
