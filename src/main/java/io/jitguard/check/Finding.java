package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import io.jitguard.plan.UnitKey;
import io.jitguard.source.SourceLocation;

/**
 * One finding: rule, severity, where, the message, notes (each with its own place), fixes in
 * order of preference, and every instantiation and target where it fires (as the reports name them,
 * and as the compile units of the build plan it reaches). Rendering is the reports' business.
 */
public record Finding(String rule, String ruleName, Severity severity, SourceLocation location, String message,
    ImmutableList<Note> notes, ImmutableList<String> fixes, ImmutableSortedSet<String> instantiations,
    ImmutableSortedSet<String> targets, ImmutableSortedSet<String> variants, ImmutableSet<UnitKey> units) {

  /** {@code file:line:col: error: message [JG002]}. */
  public String headline() {
    return location + ": " + severity.spelling() + ": " + message + " [" + rule + "]";
  }

  /** A note at a place, such as a candidate declaration or a macro invocation. */
  public record Note(SourceLocation location, String message) {}

  /**
   * What a check returns: the rest (rule, instantiation, target) is filled in by the runner. A
   * draft may override its rule's severity, or be {@code undecided}: the rule would fire on what
   * the checker saw, but the evidence is incomplete (the reason says why), so it is counted and
   * listed with {@code --verbose}, never reported as a finding.
   */
  public record Draft(SourceLocation location, String message, ImmutableList<Note> notes, ImmutableList<String> fixes,
      Severity severity, String undecided) {
    public static Draft of(SourceLocation at, String message) {
      return new Draft(at, message, ImmutableList.of(), ImmutableList.of(), null, null);
    }

    public Draft withNote(SourceLocation at, String note) {
      return new Draft(location, message, ImmutableList.<Note>builder().addAll(notes).add(new Note(at, note)).build(),
          fixes, severity, undecided);
    }

    public Draft withFix(String fix) {
      return new Draft(location, message, notes, ImmutableList.<String>builder().addAll(fixes).add(fix).build(),
          severity, undecided);
    }

    public Draft withSeverity(Severity s) {
      return new Draft(location, message, notes, fixes, s, undecided);
    }

    /** The same draft, not reported: the checker cannot be sure, for this reason. */
    public Draft undecided(String reason) {
      return new Draft(location, message, notes, fixes, severity, reason);
    }
  }
}
