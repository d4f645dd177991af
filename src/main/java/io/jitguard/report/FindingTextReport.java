package io.jitguard.report;

import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.source.SourceLocation;
import java.io.PrintWriter;

/** Compiler-style text: {@code file:line:col: error: message [JG002]}, the source line, a caret, notes. */
public final class FindingTextReport {
  private FindingTextReport() {}

  public static void render(Checker.Result r, boolean verbose, PrintWriter out) {
    for (FrontEndDiagnostic d : r.frontEnd()) {
      if (d.skippedConstruct() && !verbose) {
        continue;
      }
      out.println(d.location() + ": " + d.severity().spelling() + ": " + d.message());
      excerpt(d.location(), out);
    }
    if (verbose) {
      for (Checker.Undecided u : r.undecided()) {
        out.println(u.location() + ": note: not reported [" + u.rule() + "]: " + u.message() + "; " + u.reason());
        excerpt(u.location(), out);
      }
    }
    for (Finding f : r.findings()) {
      out.println(f.location() + ": " + f.severity().spelling() + ": " + f.message() + " [" + f.rule() + "]");
      excerpt(f.location(), out);
      for (Finding.Note n : f.notes()) {
        out.println(n.location() + ": note: " + n.message());
        if (!n.location().equals(f.location())) {
          excerpt(n.location(), out);
        }
      }
      if (!f.instantiations().isEmpty()) {
        out.println("  instantiations: " + String.join("; ", f.instantiations()));
      }
      if (!f.targets().isEmpty()) {
        out.println("  targets: " + String.join(" ", f.targets()));
      }
      for (int i = 0; i < f.fixes().size(); i++) {
        out.println("  fix" + (f.fixes().size() > 1 ? " " + (i + 1) : "") + ": " + f.fixes().get(i));
      }
      out.println();
    }
    summary(r, verbose, out);
  }

  /**
   * The one-line summary: clean or the error count, findings, units, files, lines, time, then what
   * was not fully checked: internal errors, constructs skipped, places left undecided.
   */
  public static void summary(Checker.Result r, PrintWriter out) {
    summary(r, false, out);
  }

  /** The summary after a report that listed (verbose) or left out the skipped and undecided places. */
  private static void summary(Checker.Result r, boolean listed, PrintWriter out) {
    long skipped = r.skipped();
    long errors = r.errors();
    String summary = r.internalErrors() > 0 ? "internal error" : errors == 0 ? "clean"
        : errors + " error" + (errors == 1 ? "" : "s");
    StringBuilder tail = new StringBuilder();
    if (r.internalErrors() > 0) {
      tail.append("; ").append(errors).append(" error").append(errors == 1 ? "" : "s").append(", ")
          .append(r.internalErrors()).append(" internal error").append(r.internalErrors() == 1 ? "" : "s");
    }
    if (skipped > 0) {
      tail.append("; ").append(skipped).append(" construct").append(skipped == 1 ? "" : "s").append(" skipped");
    }
    int undecided = r.undecided().size();
    if (undecided > 0) {
      tail.append("; ").append(undecided).append(" place").append(undecided == 1 ? "" : "s")
          .append(" undecided");
    }
    if (skipped > 0 || undecided > 0) {
      tail.append(listed ? " (listed above)" : " (--verbose lists them)");
    }
    out.printf("%s: %d finding%s in %d unit%s (%d file%s, %d lines) in %.0f ms%s%n", summary, r.findings().size(),
        r.findings().size() == 1 ? "" : "s", r.units(), r.units() == 1 ? "" : "s", r.files(), r.files() == 1 ? "" : "s",
        r.lines(), r.nanos() / 1e6, tail);
    out.flush();
  }

  /** The widest source line shown whole; a longer one is shown as a window around the column, as clang does. */
  static final int MAX_EXCERPT = 160;

  private static void excerpt(SourceLocation at, PrintWriter out) {
    String line = at.file().line(at.line());
    if (line.isEmpty() && at.line() > at.file().lineCount()) {
      return;
    }
    int col = Math.max(0, Math.min(at.column() - 1, line.length()));
    String prefix = "";
    if (line.length() > MAX_EXCERPT) {
      int from = Math.max(0, Math.min(col - MAX_EXCERPT / 2, line.length() - MAX_EXCERPT));
      int to = Math.min(line.length(), from + MAX_EXCERPT);
      prefix = from > 0 ? "..." : "";
      line = prefix + line.substring(from, to) + (to < line.length() ? "..." : "");
      col = col - from + prefix.length();
    }
    out.println("  " + line);
    StringBuilder caret = new StringBuilder("  ");
    for (int i = 0; i < col && i < line.length(); i++) {
      caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    out.println(caret.append('^'));
  }
}
