package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.lex.Token;

/** What the analyzer reports to the checks, node kind by node kind. */
public interface SemaListener {
  /**
   * A call, kernel launch or construction whose callee resolved to functions (possibly none that
   * fit). {@code complete} when the candidates are every declaration the call can reach; otherwise
   * {@code incompleteBecause} says what could add one (a skipped declaration, a base class the
   * checker cannot see, argument-dependent lookup). {@code dependent}: in a template analysed with
   * its parameters unbound, the call's arguments depend on them, so a compiler resolves it only when
   * an instantiation is compiled.
   */
  record Call(Expr node, Token at, String name, ImmutableList<Decl.Function> candidates, int argCount,
      boolean launch, boolean construction, boolean complete, String incompleteBecause, boolean dependent,
      Analyzer.Context context) {
    public Call(Expr node, Token at, String name, ImmutableList<Decl.Function> candidates, int argCount,
        boolean launch, Analyzer.Context context) {
      this(node, at, name, candidates, argCount, launch, false, true, null, false, context);
    }
  }

  /**
   * An implicit conversion of {@code from} to {@code to}: where, and of what. {@code certain} is
   * false inside an {@code if constexpr} branch whose condition the checker could not evaluate:
   * that code may never be instantiated. {@code mayBeDerivedToBase}: the source points to a class
   * that derives from the target's (or has a base the checker cannot see), which C++ allows.
   */
  record Conversion(Kind kind, Token at, Type to, Type from, Expr source, Decl.Function callee, int argIndex,
      Decl.Param param, boolean certain, boolean mayBeDerivedToBase, Analyzer.Context context) {
    public enum Kind { INITIALIZATION, ASSIGNMENT, ARGUMENT, RETURN }
  }

  /** An inline-PTX statement or an intrinsic call reachable for the target being checked. */
  record FeatureUse(Token at, String text, boolean inlinePtx, Analyzer.Context context) {}

  default void call(Call call) {}

  default void conversion(Conversion conversion) {}

  default void featureUse(FeatureUse use) {}

  /** The analyzer failed on one function (a gap in the checker); it went on with the others. */
  default void internalError(Analyzer.Context context, RuntimeException e) {}

  /** The analyzer stopped short of a limit it sets itself; what it could not check is named. */
  default void limit(Analyzer.Context context, String what) {}
}
