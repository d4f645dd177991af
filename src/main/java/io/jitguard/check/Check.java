package io.jitguard.check;

import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.source.SourceFile;
import java.util.Optional;

/**
 * A check decides on the facts the analyzer records: it looks at the events it cares about (a
 * pattern match on {@link AnalysisEvent}, whose records carry the evidence a rule needs) and
 * returns a finding or no finding, never null. A check that needs a new kind of fact adds an event
 * record; this interface does not change. Each check class carries a {@link CheckInfo} and is named
 * in {@code META-INF/services/io.jitguard.check.Check}, which {@link CheckRegistry} reads.
 */
public interface Check {
  /** Called once per event, for every instantiation context and target the unit is checked in. */
  default Optional<Finding.Draft> event(AnalysisEvent event, CheckContext ctx) {
    return Optional.empty();
  }

  /** Called once per file the preprocessor read, whatever included it and however often. */
  default Optional<Finding.Draft> file(SourceFile file) {
    return Optional.empty();
  }

  /**
   * Called once per run with the facts of the binding layer (what C++ sources register for Python,
   * and what Python sources call), when Python sources are checked with them.
   */
  default java.util.List<Finding.Draft> bindings(io.jitguard.bindings.Bindings facts) {
    return java.util.List.of();
  }

  default CheckInfo info() {
    return getClass().getAnnotation(CheckInfo.class);
  }
}
