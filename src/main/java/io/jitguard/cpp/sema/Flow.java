package io.jitguard.cpp.sema;

import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.lex.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an event happens in its function's control flow: the branches around it, innermost
 * first, each with its condition and the local variables in scope where it was entered, with
 * their initializers (so a rule can follow what a condition reads back to where it came from).
 * An {@code if constexpr} whose condition the checker evaluated is no branch here: only the
 * selected side was walked; one it could not evaluate is, as {@link Kind#CONSTEXPR_UNEVALUATED}.
 */
public record Flow(Branch innermost) {
  public static final Flow TOP = new Flow(null);

  public enum Kind {
    /** A side of {@code if} or {@code else}. */
    IF,
    /** A side of an {@code if constexpr} the checker could not evaluate: it may never be instantiated. */
    CONSTEXPR_UNEVALUATED,
    /** The body of a {@code for}, {@code while} or {@code do} loop (the condition may be null: {@code for (;;)}). */
    LOOP,
    /** The body of a {@code switch}. */
    SWITCH
  }

  /** A branch: its condition (null for {@code for (;;)}), and the locals in scope where it was entered. */
  public record Branch(Kind kind, Token at, Expr condition, Locals locals, Branch outer) {
    /** The initializer of the local {@code name} as the condition sees it; null when it has none or is no local. */
    public Expr definition(String name) {
      for (Locals l = locals; l != null; l = l.outer()) {
        if (l.name().equals(name)) {
          return l.init();
        }
      }
      return null;
    }
  }

  /** A local variable and its initializer (null when it has none), then the ones declared before it. */
  public record Locals(String name, Expr init, Locals outer) {}

  public Flow enter(Kind kind, Token at, Expr condition, Locals locals) {
    return new Flow(new Branch(kind, at, condition, locals, innermost));
  }

  public Flow leave() {
    return innermost == null ? this : new Flow(innermost.outer());
  }

  /** The branches around the event, innermost first. */
  public List<Branch> branches() {
    List<Branch> out = new ArrayList<>();
    for (Branch b = innermost; b != null; b = b.outer()) {
      out.add(b);
    }
    return out;
  }

  /** Whether the event is inside an {@code if constexpr} side the checker could not decide. */
  public boolean insideUndecidedConstexpr() {
    for (Branch b = innermost; b != null; b = b.outer()) {
      if (b.kind() == Kind.CONSTEXPR_UNEVALUATED) {
        return true;
      }
    }
    return false;
  }
}
