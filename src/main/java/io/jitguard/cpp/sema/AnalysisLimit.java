package io.jitguard.cpp.sema;

/**
 * The analysis reached a limit it sets itself (nesting of aliases and templates, work per
 * unit): the function or unit being analysed is reported as not fully checked, never as wrong.
 */
public final class AnalysisLimit extends RuntimeException {
  public AnalysisLimit(String message) {
    super(message, null, false, false);
  }
}
