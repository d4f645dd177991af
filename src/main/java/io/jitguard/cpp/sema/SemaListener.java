package io.jitguard.cpp.sema;

/** What the analyzer reports: the facts it found, and where it stopped short. */
public interface SemaListener {
  /** A fact found in a function body. */
  default void event(AnalysisEvent event) {}

  /** The analyzer failed on one function (a gap in the checker); it went on with the others. */
  default void internalError(Analyzer.Context context, RuntimeException e) {}

  /** The analyzer stopped short of a limit it sets itself; what it could not check is named. */
  default void limit(Analyzer.Context context, String what) {}
}
