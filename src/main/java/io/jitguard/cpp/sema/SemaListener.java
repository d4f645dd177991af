package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.lex.Token;

/** What the analyzer reports to the checks, node kind by node kind. */
public interface SemaListener {
  /** A call or kernel launch whose callee name resolved to functions (possibly none that fit). */
  record Call(Expr node, Token at, String name, ImmutableList<Decl.Function> candidates, int argCount,
      boolean launch, Analyzer.Context context) {}

  /** An implicit conversion of {@code from} to {@code to}: where, and of what. */
  record Conversion(Kind kind, Token at, Type to, Type from, Expr source, Decl.Function callee, int argIndex,
      Decl.Param param, Analyzer.Context context) {
    public enum Kind { INITIALIZATION, ASSIGNMENT, ARGUMENT, RETURN }
  }

  /** An inline-PTX statement or an intrinsic call reachable for the target being checked. */
  record FeatureUse(Token at, String text, boolean inlinePtx, Analyzer.Context context) {}

  default void call(Call call) {}

  default void conversion(Conversion conversion) {}

  default void featureUse(FeatureUse use) {}

  /** The analyzer failed on one function (a gap in the checker); it went on with the others. */
  default void internalError(Analyzer.Context context, RuntimeException e) {}
}
