package io.jitguard.report;

import io.jitguard.check.Check;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.CheckRegistry;
import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.matrix.DiagnosticGroup;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.source.SourceLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SARIF 2.1.0, one run per invocation: tool and rule metadata, each finding a result with its
 * physical location and its notes as related locations; URIs are relative to the working folder
 * ({@code %SRCROOT%}), which suits GitHub code scanning.
 */
public final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String INFORMATION_URI = "https://github.com/jitguard/jitguard";
  /** Front-end problems (an #error reached, an include escaping its roots) share one rule. */
  static final String FRONT_END_RULE = "JG000";

  private SarifReport() {}

  public static Map<String, Object> forCheck(Checker.Result r) {
    Run run = new Run();
    run.checkResults(r);
    return run.document();
  }

  public static Map<String, Object> forCompile(MatrixResult r) {
    Run run = new Run();
    r.check().ifPresent(run::checkResults);
    for (DiagnosticGroup g : r.diagnostics()) {
      if (!g.fromToolkit() || g.diagnostic().severity().isError()) {
        run.compilerResult(g);
      }
    }
    return run.document();
  }

  public static void render(Map<String, Object> doc, PrintWriter out) {
    SimpleJson.print(doc, out);
  }

  /** One SARIF run under construction: rules are added as results refer to them. */
  private static final class Run {
    final List<Map<String, Object>> rules = new ArrayList<>();
    final Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    final List<Map<String, Object>> results = new ArrayList<>();
    /** What jitguard says about its own run: internal errors and limits it reached. */
    final List<Map<String, Object>> notifications = new ArrayList<>();
    boolean failedInternally;

    Run() {
      for (Check c : CheckRegistry.ALL) {
        CheckInfo info = c.info();
        addRule(info.id(), info.name(), info.summary(), info.explanation(), info.severity().spelling());
      }
      addRule(FRONT_END_RULE, "front-end-error", "The preprocessor or the instantiation of an entry point failed",
          "An #error reached for a target, an include that escapes the include roots or forms a cycle, a macro "
              + "expansion past its limits, or an entry point that names no template: the compiler would fail too.",
          "error");
    }

    int addRule(String id, String name, String summary, String full, String level) {
      return ruleIndex.computeIfAbsent(id, k -> {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", id);
        rule.put("name", name);
        rule.put("shortDescription", Map.of("text", summary));
        rule.put("fullDescription", Map.of("text", full));
        rule.put("help", Map.of("text", full));
        rule.put("defaultConfiguration", Map.of("level", level));
        rules.add(rule);
        return rules.size() - 1;
      });
    }

    void checkResults(Checker.Result r) {
      for (Finding f : r.findings()) {
        Map<String, Object> result = result(f.rule(), level(f.severity().spelling()), f.message(), f.location());
        List<Map<String, Object>> related = new ArrayList<>();
        for (Finding.Note n : f.notes()) {
          Map<String, Object> loc = location(n.location());
          loc.put("id", related.size());
          loc.put("message", Map.of("text", n.message()));
          related.add(loc);
        }
        if (!related.isEmpty()) {
          result.put("relatedLocations", related);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("instantiations", List.copyOf(f.instantiations()));
        props.put("targets", List.copyOf(f.targets()));
        props.put("variants", List.copyOf(f.variants()));
        props.put("fixes", f.fixes());
        result.put("properties", props);
        results.add(result);
      }
      for (FrontEndDiagnostic d : r.frontEnd()) {
        if (d.internal() || d.kind() == FrontEndDiagnostic.Kind.LIMIT) {
          Map<String, Object> n = new LinkedHashMap<>();
          n.put("level", d.internal() ? "error" : "note");
          n.put("message", Map.of("text", d.message()));
          n.put("locations", List.of(location(d.location())));
          notifications.add(n);
          failedInternally |= d.internal();
        } else if (!d.skippedConstruct()) {
          results.add(result(FRONT_END_RULE, level(d.severity().spelling()), d.message(), d.location()));
        }
      }
    }

    void compilerResult(DiagnosticGroup g) {
      CompilerDiagnostic d = g.diagnostic();
      String id = "NVRTC" + d.number().map(n -> "-" + n).orElse("");
      addRule(id, "nvrtc" + d.number().map(n -> "-" + n).orElse("-diagnostic"), "A diagnostic from NVRTC",
          "Reported by NVRTC while compiling the kernel matrix" + d.number().map(n -> " (EDG number #" + n + ")")
              .orElse(""), "warning");
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", id);
      result.put("ruleIndex", ruleIndex.get(id));
      result.put("level", d.severity().isError() ? "error" : d.severity().name().equals("WARNING") ? "warning" : "note");
      result.put("message", Map.of("text", d.message()));
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("startLine", d.line());
      if (d.column() > 0) {
        region.put("startColumn", d.column());
      }
      result.put("locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation", artifact(d.file()),
          "region", region))));
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("occurrences", g.occurrences());
      props.put("targets", List.copyOf(g.targets()));
      props.put("instantiations", List.copyOf(g.instantiations()));
      props.put("variants", List.copyOf(g.variants()));
      result.put("properties", props);
      results.add(result);
    }

    Map<String, Object> result(String ruleId, String level, String message, SourceLocation at) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", ruleId);
      result.put("ruleIndex", ruleIndex.get(ruleId));
      result.put("level", level);
      result.put("message", Map.of("text", message));
      result.put("locations", List.of(location(at)));
      return result;
    }

    static Map<String, Object> location(SourceLocation at) {
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("startLine", at.line());
      region.put("startColumn", at.column());
      Map<String, Object> physical = new LinkedHashMap<>();
      physical.put("artifactLocation", artifact(at.fileName()));
      physical.put("region", region);
      Map<String, Object> loc = new LinkedHashMap<>();
      loc.put("physicalLocation", physical);
      return loc;
    }

    static Map<String, Object> artifact(String file) {
      Map<String, Object> a = new LinkedHashMap<>();
      Path p = Path.of(file);
      a.put("uri", p.isAbsolute() ? p.toUri().toString() : file.replace('\\', '/'));
      if (!p.isAbsolute()) {
        a.put("uriBaseId", "%SRCROOT%");
      }
      return a;
    }

    static String level(String severity) {
      return switch (severity) {
        case "error" -> "error";
        case "warning" -> "warning";
        default -> "note";
      };
    }

    Map<String, Object> document() {
      Map<String, Object> driver = new LinkedHashMap<>();
      driver.put("name", "jitguard");
      driver.put("version", Optional.ofNullable(SarifReport.class.getPackage().getImplementationVersion())
          .orElse("development"));
      driver.put("informationUri", INFORMATION_URI);
      driver.put("rules", rules);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("tool", Map.of("driver", driver));
      run.put("originalUriBaseIds", Map.of("%SRCROOT%", Map.of("uri",
          Path.of("").toAbsolutePath().toUri().toString())));
      run.put("results", results);
      Map<String, Object> invocation = new LinkedHashMap<>();
      invocation.put("executionSuccessful", !failedInternally);
      if (!notifications.isEmpty()) {
        invocation.put("toolExecutionNotifications", notifications);
      }
      run.put("invocations", List.of(invocation));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("$schema", SCHEMA);
      doc.put("version", "2.1.0");
      doc.put("runs", List.of(run));
      return doc;
    }
  }
}
