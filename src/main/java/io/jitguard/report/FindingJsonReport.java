package io.jitguard.report;

import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.source.SourceLocation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jitguard check --format json}: one object whose {@code findings} carry the same data as the text. */
public final class FindingJsonReport {
  private FindingJsonReport() {}

  public static Map<String, Object> toJson(Checker.Result r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", r.errors() == 0);
    doc.put("errors", r.errors());
    doc.put("findings", r.findings().stream().map(FindingJsonReport::finding).toList());
    doc.put("frontEnd", r.frontEnd().stream().map(FindingJsonReport::frontEnd).toList());
    doc.put("internalErrors", r.internalErrors());
    doc.put("undecided", r.undecided().stream().map(FindingJsonReport::undecided).toList());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("units", r.units());
    stats.put("distinctParses", r.distinctParses());
    stats.put("files", r.files());
    stats.put("lines", r.lines());
    stats.put("skippedConstructs", r.skipped());
    stats.put("undecided", r.undecided().size());
    stats.put("millis", r.nanos() / 1_000_000);
    doc.put("stats", stats);
    return doc;
  }

  public static void render(Checker.Result r, PrintWriter out) {
    SimpleJson.print(toJson(r), out);
  }

  static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", f.rule());
    m.put("name", f.ruleName());
    m.put("severity", f.severity().spelling());
    place(m, f.location());
    m.put("message", f.message());
    m.put("notes", f.notes().stream().map(n -> {
      Map<String, Object> nm = new LinkedHashMap<>();
      place(nm, n.location());
      nm.put("message", n.message());
      return nm;
    }).toList());
    m.put("fixes", f.fixes());
    m.put("instantiations", List.copyOf(f.instantiations()));
    m.put("targets", List.copyOf(f.targets()));
    m.put("variants", List.copyOf(f.variants()));
    return m;
  }

  static Map<String, Object> undecided(Checker.Undecided u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", u.rule());
    place(m, u.location());
    m.put("message", u.message());
    m.put("reason", u.reason());
    return m;
  }

  static Map<String, Object> frontEnd(FrontEndDiagnostic d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", d.severity().spelling());
    m.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
    place(m, d.location());
    m.put("message", d.message());
    return m;
  }

  private static void place(Map<String, Object> m, SourceLocation at) {
    m.put("file", at.fileName());
    m.put("line", at.line());
    m.put("column", at.column());
  }
}
