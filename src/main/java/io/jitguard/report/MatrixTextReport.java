package io.jitguard.report;

import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Variant;
import io.jitguard.matrix.DiagnosticGroup;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.SlotOutcome;
import io.jitguard.matrix.UnitResult;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.targets.Target;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders a matrix compile for people: a variant x target table, the fallbacks with their
 * reasons, each distinct diagnostic once (compiler style, with counts and origins), one summary
 * line. Warnings from the CUDA headers fold into a single line unless verbose.
 */
public final class MatrixTextReport {
  private MatrixTextReport() {}

  public static void render(MatrixResult r, boolean verbose, PrintWriter out) {
    out.printf("jitguard compile: %s%n", r.manifest().file());
    out.printf("NVRTC %s, headers %s, %d job%s%n%n", r.nvrtcVersion(), r.headers().origin(), r.jobs(),
        r.jobs() == 1 ? "" : "s");
    r.check().ifPresent(c -> {
      if (c.errors() > 0) {
        out.println("jitguard check found errors; the units they break are skipped:");
        FindingTextReport.render(c, verbose, out);
        out.println();
      }
    });
    table(r, out);
    fallbacks(r, out);
    diagnostics(r, verbose, out);
    summary(r, verbose, out);
    out.flush();
  }

  private static void table(MatrixResult r, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("family", "variant"));
    r.targets().forEach(t -> header.add(t.name()));
    rows.add(header.toArray(String[]::new));
    for (KernelFamily family : familiesInResult(r)) {
      for (Variant v : family.variants()) {
        List<String> row = new ArrayList<>(List.of(family.name(), v.name()));
        for (Target t : r.targets()) {
          List<UnitResult> cell = r.units().stream().filter(u -> u.unit().family().name().equals(family.name())
              && u.unit().variant().name().equals(v.name()) && u.unit().target().equals(t)).toList();
          long ok = cell.stream().filter(UnitResult::ok).count();
          row.add(cell.isEmpty() ? "-" : (ok == cell.size() ? "" : "FAIL ") + ok + "/" + cell.size());
        }
        rows.add(row.toArray(String[]::new));
      }
    }
    int[] width = new int[header.size()];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = i < 2 ? String.format("%-" + width[i] + "s", row[i]) : String.format("%" + width[i] + "s", row[i]);
        line.append(i == 0 ? "" : "  ").append(cell);
      }
      out.println(line.toString().stripTrailing());
    }
    out.println("(compiled/attempted instantiations; '-': the variant does not claim that target)");
    out.println();
  }

  private static List<KernelFamily> familiesInResult(MatrixResult r) {
    Map<String, KernelFamily> fams = new LinkedHashMap<>();
    r.units().forEach(u -> fams.putIfAbsent(u.unit().family().name(), u.unit().family()));
    r.slots().forEach(s -> r.manifest().family(s.slot().family()).ifPresent(f -> fams.putIfAbsent(f.name(), f)));
    return new ArrayList<>(fams.values());
  }

  /** Fallbacks grouped by family, what failed and why, and what was used; targets listed once. */
  private static void fallbacks(MatrixResult r, PrintWriter out) {
    Map<String, List<SlotOutcome>> groups = new TreeMap<>();
    for (SlotOutcome s : r.slots()) {
      if (!s.fallbacks().isEmpty() || !s.covered()) {
        String key = s.slot().family() + " | "
            + s.fallbacks().stream().map(f -> f.variant() + ": " + f.reason()).collect(Collectors.joining(" | "))
            + " -> " + s.selected().orElse("");
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    out.println("fallbacks:");
    for (List<SlotOutcome> g : groups.values()) {
      SlotOutcome s = g.get(0);
      String failed = s.fallbacks().stream().map(SlotOutcome.Fallback::variant).collect(Collectors.joining(", "));
      String targets = g.stream().map(x -> x.slot().target().name()).distinct().collect(Collectors.joining(","));
      String what = s.slot().family() + "@" + targets + " (" + g.size() + " slot" + (g.size() == 1 ? "" : "s") + ")";
      if (s.covered()) {
        out.printf("  %s: %s failed, fell back to %s%n", what, failed, s.selected().get());
      } else if (s.fallbacks().isEmpty()) {
        out.printf("  %s: NO VARIANT supports these targets%n", what);
      } else {
        out.printf("  %s: %s failed, NO WORKING VARIANT%n", what, failed);
      }
      for (SlotOutcome.Fallback f : s.fallbacks()) {
        out.printf("      %s: %s%n", f.variant(), f.reason());
      }
    }
    out.println();
  }

  private static void diagnostics(MatrixResult r, boolean verbose, PrintWriter out) {
    List<DiagnosticGroup> hidden = new ArrayList<>();
    for (DiagnosticGroup g : r.diagnostics()) {
      if (g.fromToolkit() && !g.diagnostic().severity().isError() && !verbose) {
        hidden.add(g);
        continue;
      }
      CompilerDiagnostic d = g.diagnostic();
      out.println(d.headline());
      excerpt(d, out);
      if (!d.instantiation().isEmpty()) {
        out.println("  in " + d.instantiation().get(0));
      }
      out.printf("  seen %d time%s: targets %s; instantiations %s; %s%n", g.occurrences(),
          g.occurrences() == 1 ? "" : "s", String.join(" ", g.targets()), abbreviate(g.instantiations()),
          String.join(" ", g.variants()));
      for (CompilerDiagnostic note : d.notes()) {
        out.println(note.headline());
        excerpt(note, out);
      }
      out.println();
    }
    if (!hidden.isEmpty()) {
      int total = hidden.stream().mapToInt(DiagnosticGroup::occurrences).sum();
      String kinds = hidden.stream()
          .collect(Collectors.groupingBy(g -> g.diagnostic().number().map(n -> "#" + n).orElse("?")
              + " in " + fileName(g.diagnostic().file()), TreeMap::new, Collectors.summingInt(DiagnosticGroup::occurrences)))
          .entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
      out.printf("note: %d warning%s from the CUDA headers hidden (%s); --verbose shows them%n%n", total,
          total == 1 ? "" : "s", kinds);
    }
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String abbreviate(java.util.Collection<String> items) {
    List<String> list = new ArrayList<>(items);
    if (list.size() <= 4) {
      return String.join(" ", list.stream().map(s -> s.isEmpty() ? "(default)" : s).toList());
    }
    return String.join(" ", list.subList(0, 3)) + " and " + (list.size() - 3) + " more";
  }

  private static void excerpt(CompilerDiagnostic d, PrintWriter out) {
    if (!d.excerpt().isEmpty()) {
      out.println("  " + d.excerpt());
      if (d.column() > 0) {
        out.println("  " + " ".repeat(d.column() - 1) + "^");
      }
    }
  }

  private static void summary(MatrixResult r, boolean verbose, PrintWriter out) {
    long units = r.units().size();
    String stats = String.format("%d unit%s, %d from cache, %d compiled, %d failed%s, %.1f s", units,
        units == 1 ? "" : "s", r.cache().fromCache(), r.cache().compiled(), r.failedUnits(),
        r.skippedByCheck() == 0 ? "" : " (" + r.skippedByCheck() + " skipped by jitguard check)", r.wallMillis() / 1000.0);
    if (r.shard().isPresent()) {
      out.printf("%s: shard %s, %d of the plan's %d units (shared out by %s); %s (a run without --shard assembles the "
          + "whole output)%n", r.ok() ? "ok" : "FAILED", r.shard().get(), units, r.plannedUnits(),
          r.shardByRecordedTimes() ? "the compile times the cache server recorded" : "count", stats);
    } else if (r.ok()) {
      out.printf("ok: every family has a working variant on every target (%d slot%s, %d fallback%s); %s%n",
          r.slots().size(), r.slots().size() == 1 ? "" : "s", r.fallbackSlots(), r.fallbackSlots() == 1 ? "" : "s",
          stats);
    } else if (r.uncoveredSlots() > 0) {
      out.printf("FAILED: %d of %d slots have no working variant; %s%n", r.uncoveredSlots(), r.slots().size(), stats);
    } else {
      out.printf("FAILED (--strict): %d unit%s failed although every slot has a working variant; %s%n",
          r.failedUnits(), r.failedUnits() == 1 ? "" : "s", stats);
    }
    out.printf("CUBINs and index.json in %s%n", r.outDir());
    if (r.cache().notCacheable() > 0) {
      out.printf("note: %d unit%s not cached: what the compile reads is not known for sure%s%n",
          r.cache().notCacheable(), r.cache().notCacheable() == 1 ? "" : "s", verbose ? "" : " (--verbose says why)");
      if (verbose) {
        r.units().stream().filter(u -> u.notCacheable().isPresent())
            .forEach(u -> out.println("  " + u.unit().name() + ": " + u.notCacheable().get()));
      }
    }
  }
}
