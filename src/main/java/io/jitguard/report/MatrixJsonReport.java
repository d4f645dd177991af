package io.jitguard.report;

import io.jitguard.matrix.MatrixJson;
import io.jitguard.matrix.MatrixResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jitguard compile --format json}: one object with the summary, slots, units and diagnostics. */
public final class MatrixJsonReport {
  private MatrixJsonReport() {}

  public static void render(MatrixResult r, PrintWriter out) {
    SimpleJson.print(toJson(r), out);
  }

  public static Map<String, Object> toJson(MatrixResult r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", r.ok());
    doc.putAll(MatrixJson.header(r));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("units", r.units().size());
    summary.put("failedUnits", r.failedUnits());
    summary.put("slots", r.slots().size());
    summary.put("uncoveredSlots", r.uncoveredSlots());
    summary.put("fallbackSlots", r.fallbackSlots());
    summary.put("strict", r.strict());
    summary.put("jobs", r.jobs());
    summary.put("skippedByCheck", r.skippedByCheck());
    summary.put("fromCache", r.cache().fromCache());
    summary.put("compiled", r.cache().compiled());
    summary.put("notCacheable", r.cache().notCacheable());
    r.cache().folder().ifPresent(f -> summary.put("cacheFolder", f.toString()));
    summary.put("wallMillis", r.wallMillis());
    summary.put("outDir", r.outDir().toString());
    doc.put("summary", summary);
    r.check().ifPresent(c -> doc.put("check", FindingJsonReport.toJson(c)));
    doc.put("slots", r.slots().stream().map(MatrixJson::slot).toList());
    doc.put("diagnostics", r.diagnostics().stream().map(MatrixJson::group).toList());
    doc.put("units", r.units().stream().map(u -> MatrixJson.unit(u, MatrixJson.isSelected(r, u))).toList());
    return doc;
  }
}
