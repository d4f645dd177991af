package io.jitguard.maven;

import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.check.Severity;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/** Findings through Maven's log, one line each, compiler style, and the lines a failure message lists. */
final class MavenLogReport {
  private MavenLogReport() {}

  static List<String> errorLines(Checker.Result r) {
    List<String> out = new ArrayList<>();
    for (FrontEndDiagnostic d : r.frontEnd()) {
      if (d.severity() == Severity.ERROR) {
        out.add(d.headline());
      }
    }
    for (Finding f : r.findings()) {
      if (f.severity() == Severity.ERROR) {
        out.add(f.headline());
      }
    }
    return out;
  }

  static void log(Checker.Result r, Log log) {
    for (FrontEndDiagnostic d : r.frontEnd()) {
      if (d.severity() == Severity.ERROR) {
        log.error(d.headline());
      } else if (d.severity() == Severity.WARNING) {
        log.warn(d.headline());
      } else if (!d.skippedConstruct()) {
        log.info(d.headline());
      }
    }
    for (Finding f : r.findings()) {
      String line = f.headline();
      if (f.severity() == Severity.ERROR) {
        log.error(line);
      } else {
        log.warn(line);
      }
      for (Finding.Note n : f.notes()) {
        log.info("  " + n.location() + ": note: " + n.message());
      }
      if (!f.instantiations().isEmpty()) {
        log.info("  instantiations: " + String.join("; ", f.instantiations()));
      }
    }
    log.info(String.format("jitguard check: %d finding%s in %d units, %d error%s", r.findings().size(),
        r.findings().size() == 1 ? "" : "s", r.units(), r.errors(), r.errors() == 1 ? "" : "s"));
  }

  static String failureMessage(long errors, List<String> lines) {
    return errors + " kernel error" + (errors == 1 ? "" : "s") + "\n" + String.join("\n", lines);
  }
}
