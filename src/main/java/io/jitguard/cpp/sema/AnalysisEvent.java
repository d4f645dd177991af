package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.lex.Token;
import java.util.List;

/**
 * A fact the analyzer found in a function body under one instantiation context, with the evidence
 * a rule needs to decide on it: the analyzer records, the checks decide. Every event says where it
 * is ({@link #at()}), in which context ({@link #context()}: the function, its template bindings,
 * whether its code is emitted for the target) and under which branches ({@link #flow()}).
 */
public sealed interface AnalysisEvent {
  Token at();

  Flow flow();

  Analyzer.Context context();

  /**
   * A call, kernel launch or construction, by name. {@code candidates}: the declarations its name
   * found (none for a name the checker has no declaration of, such as a CUDA built-in function).
   * {@code lookup} says what else a compiler could find; {@code dependent}: in a template analysed
   * with its parameters unbound, the arguments depend on them, so a compiler resolves the call only
   * when it compiles an instantiation.
   */
  record Call(Expr node, Token at, String name, Callee callee, ImmutableList<Decl.Function> candidates, int argCount,
      Lookup lookup, boolean dependent, Flow flow, Analyzer.Context context) implements AnalysisEvent {
    public boolean launch() {
      return callee == Callee.KERNEL_LAUNCH;
    }

    public boolean construction() {
      return callee == Callee.CONSTRUCTOR;
    }
  }

  enum Callee { FUNCTION, KERNEL_LAUNCH, CONSTRUCTOR, LAMBDA, CALL_OPERATOR }

  /**
   * What could add to a call's candidates beyond what the checker saw. {@code skippedDeclarations}:
   * a declaration of the name was skipped by the parser; {@code unseenBase}: a base class the
   * checker cannot resolve may declare it; {@code unseenConstructors}: an inherited or
   * initializer-list constructor it does not model may take the arguments; {@code adlReachable}:
   * for an unqualified call, every function of that name in the unit (the candidates among them):
   * argument-dependent lookup could find any of the others. A list the rule reads only when it
   * needs to, since the walker cannot afford to filter it at every call.
   */
  record Lookup(boolean skippedDeclarations, boolean unseenBase, boolean unseenConstructors,
      List<Decl.Function> adlReachable) {
    public static final Lookup COMPLETE = new Lookup(false, false, false, List.of());
  }

  /**
   * An implicit conversion of {@code from} to {@code to}: where, and of what. {@code
   * mayBeDerivedToBase}: the source points to a class that derives from the target's (or has a
   * base the checker cannot see), which C++ allows.
   */
  record Conversion(Kind kind, Token at, Type to, Type from, Expr source, Decl.Function callee, int argIndex,
      Decl.Param param, boolean mayBeDerivedToBase, Flow flow, Analyzer.Context context) implements AnalysisEvent {
    public enum Kind { INITIALIZATION, ASSIGNMENT, ARGUMENT, RETURN }
  }

  /** An inline-PTX statement: its instruction text. */
  record InlineAsm(Token at, String text, Flow flow, Analyzer.Context context) implements AnalysisEvent {}
}
