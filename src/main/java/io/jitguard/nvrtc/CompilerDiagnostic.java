package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * One diagnostic from the NVRTC program log.
 *
 * @param file the file as the compiler names it
 * @param line 1-based line
 * @param column 1-based column from the caret line, or 0 where the log shows none
 * @param number the diagnostic number such as {@code 1444-D}, where the compiler prints one
 * @param instantiation the "detected during" context, outermost last, as printed
 * @param bindings the template arguments of the innermost instantiation, {@code DTypeO=__nv_bfloat16}
 * @param notes notes the compiler attached (candidate declarations and the like)
 */
public record CompilerDiagnostic(
    String file, int line, int column, Severity severity, Optional<String> number, String message,
    String excerpt, ImmutableList<String> instantiation, Optional<String> bindings,
    ImmutableList<CompilerDiagnostic> notes) {

  public CompilerDiagnostic {
    instantiation = ImmutableList.copyOf(instantiation);
    notes = ImmutableList.copyOf(notes);
  }

  /** {@code file:line:col: error: message [#1444-D]}, the first line of a compiler-style rendering. */
  public String headline() {
    return file + ":" + line + (column > 0 ? ":" + column : "") + ": " + severity.spelling() + ": " + message
        + number.map(n -> " [#" + n + "]").orElse("");
  }
}
