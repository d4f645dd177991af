package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckContext;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.sema.AnalysisEvent;
import java.util.Optional;

/**
 * JG001: no declaration in the overload set takes as many arguments as the call passes. Default
 * arguments lower the minimum, packs and C varargs lift the maximum. The incident: the Hopper
 * source still called {@code MLAPlan} with 14 arguments after the shared header gave it 15.
 */
@CheckInfo(id = "JG001", name = "call-arity-mismatch",
    summary = "A call passes a number of arguments that no declaration of the callee accepts",
    explanation = "A call or kernel launch passes a number of arguments that no declaration in its overload set "
        + "accepts, counting default arguments and parameter packs. NVRTC reports it only when it compiles that "
        + "variant for that target; a shared header changed under a variant nobody compiled fails at run time on "
        + "the users who pick it. Pass the arguments the current declaration takes.",
    severity = Severity.ERROR)
public final class CallArityMismatch implements Check {
  @Override
  public Optional<Finding.Draft> event(AnalysisEvent event, CheckContext ctx) {
    if (!(event instanceof AnalysisEvent.Call call) || call.candidates().isEmpty()) {
      return Optional.empty();
    }
    int n = call.argCount();
    if (call.candidates().stream().anyMatch(f -> f.accepts(n))) {
      return Optional.empty();
    }
    boolean lambda = call.callee() == AnalysisEvent.Callee.LAMBDA;
    String what = call.construction() ? "constructor of '" + call.name() + "'" : lambda
        ? "the lambda" : "declaration of " + (call.launch() ? "kernel " : "") + "'" + call.name() + "'";
    Finding.Draft d = Finding.Draft.of(call.at().location(), (lambda
        ? "the lambda does not take " : "no " + what + " takes ") + n + " argument" + (n == 1 ? "" : "s"));
    for (Decl.Function f : call.candidates()) {
      d = d.withNote(f.start().location(), (lambda ? "the lambda" : "'" + call.name() + "'")
          + " declared here with " + describe(f));
    }
    Decl.Function first = call.candidates().get(0);
    int expected = first.minArgs();
    d = d.withFix(n < expected
        ? "pass the " + (expected - n) + " missing argument" + (expected - n == 1 ? "" : "s")
            + " (the declaration was probably changed after this call was written)"
        : "remove the " + (n - first.params().size()) + " extra argument" + (n - first.params().size() == 1 ? "" : "s"));
    if (call.dependent()) { // a compiler resolves this call only when it compiles an instantiation of the template
      d = d.withSeverity(Severity.WARNING).withNote(call.at().location(), "in a template, with arguments that depend on "
          + "its parameters: NVRTC reports this when it compiles an instantiation, and none in this unit reaches it");
    }
    String unseen = unseenCandidate(call);
    return Optional.of(unseen == null ? d : d.undecided(unseen));
  }

  /**
   * Why a declaration the checker did not see could take the arguments, or null when the candidates
   * are every declaration the call can reach: then the call is evidence.
   */
  static String unseenCandidate(AnalysisEvent.Call call) {
    AnalysisEvent.Lookup lookup = call.lookup();
    if (call.construction()) {
      return lookup.skippedDeclarations() || lookup.unseenConstructors()
          ? "a constructor the checker cannot see may take these arguments" : null;
    }
    if (lookup.unseenBase()) {
      return "a base class the checker cannot see may declare '" + call.name() + "'";
    }
    if (lookup.skippedDeclarations()) {
      return "a declaration the checker skipped may declare '" + call.name() + "'";
    }
    int n = call.argCount();
    if (lookup.adlReachable().stream().anyMatch(f -> f.accepts(n) && !call.candidates().contains(f))) {
      return "argument-dependent lookup may find another '" + call.name() + "' that takes " + n + " argument"
          + (n == 1 ? "" : "s");
    }
    return null;
  }

  static String describe(Decl.Function f) {
    int min = f.minArgs();
    int max = f.maxArgs();
    if (max < 0) {
      return "at least " + min + " parameter" + (min == 1 ? "" : "s");
    }
    if (min == max) {
      return max + " parameter" + (max == 1 ? "" : "s");
    }
    return min + " to " + max + " parameters";
  }
}
