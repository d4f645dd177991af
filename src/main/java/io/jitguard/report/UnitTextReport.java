package io.jitguard.report;

import io.jitguard.matrix.UnitResult;
import io.jitguard.nvrtc.CompilerDiagnostic;

/** One compile unit's outcome as text: why it failed, then each compiler diagnostic with its source line. */
public final class UnitTextReport {
  private UnitTextReport() {}

  public static String render(UnitResult u) {
    StringBuilder b = new StringBuilder(u.unit().name()).append(u.ok() ? ": compiled" : ": FAILED");
    u.failure().ifPresent(f -> b.append("\n  ").append(f));
    for (CompilerDiagnostic d : u.diagnostics()) {
      b.append('\n').append(d.headline());
      if (!d.excerpt().isEmpty()) {
        b.append("\n  ").append(d.excerpt());
        if (d.column() > 0) {
          b.append("\n  ").append(" ".repeat(d.column() - 1)).append('^');
        }
      }
      d.instantiation().stream().findFirst().ifPresent(i -> b.append("\n  in ").append(i));
      for (CompilerDiagnostic n : d.notes()) {
        b.append('\n').append(n.headline());
      }
    }
    if (!u.options().isEmpty()) {
      b.append("\n  options: ").append(String.join(" ", u.options()));
    }
    return b.toString();
  }
}
